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
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  let line = `${r.numPassedTests} passed, ${r.numFailedTests} failed`;
  if (skipped > 0) line += `, ${skipped} skipped`;
  const bad = r.numFailedTests > 0 || (r.numFailedTestSuites ?? 0) > 0 || r.success === false;
  console.log(line);
  process.exit(bad ? 1 : 0);
' "$report")
summary_status=$?
echo "$summary"

if [[ $summary_status -ne 0 || $vitest_status -ne 0 ]]; then
  exit 1
fi
