#!/usr/bin/env bash
# Runs the whole test suite: vitest's default reporter on the terminal and its JSON report in
# test-results/, then one summary line "N passed, N failed[, N skipped]" from that report.
# Exits non-zero if any test failed or the report is missing. Extra arguments go to vitest.
set -uo pipefail

cd "$(dirname "$0")/.."
report="test-results/vitest.json"
mkdir -p test-results
rm -f "$report"

npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
vitest_status=$?

if [[ ! -s "$report" ]]; then
  echo "test report $report is missing (vitest exit status $vitest_status)" >&2
  exit 1
fi

summary=$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  // A file that fails outside its tests (its set-up, its import) leaves them skipped, or has none
  // listed: those count as failed, so the line never says 0 failed of a failing run.
  const brokenFiles = r.testResults.filter((file) => file.status === "failed");
  const notRun = brokenFiles.map((file) => {
    const left = file.assertionResults.filter((test) => test.status !== "passed" && test.status !== "failed").length;
    return file.assertionResults.length === 0 ? 1 : left;
  }).reduce((sum, n) => sum + n, 0);
  const failed = r.numFailedTests + notRun;
  const skipped = Math.max(0, (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) - notRun);
  let line = `${r.numPassedTests} passed, ${failed} failed`;
  if (skipped > 0) line += `, ${skipped} skipped`;
  const bad = failed > 0 || (r.numFailedTestSuites ?? 0) > 0 || r.success === false;
  console.log(line);
  process.exit(bad ? 1 : 0);
' "$report")
summary_status=$?
echo "$summary"

if [[ $summary_status -ne 0 || $vitest_status -ne 0 ]]; then
  exit 1
fi
