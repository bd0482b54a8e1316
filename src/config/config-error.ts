// The error a bad configuration raises at start. Its message names the key path of each problem,
// and where the value came from: the environment variable when one gave it, else the file, e.g.
// "config: http.port (HTTP_PORT): expected number", "config: http.port (in /etc/outpace.yaml):
// expected number"; `issues` lists them.

export type ConfigErrorCode = 'CONFIG_INVALID' | 'CONFIG_FILE';

export interface ConfigIssue {
  path: string;
  message: string;
  /** The environment variable that gave the value, when one did. */
  variable?: string;
  /** The file that gave the value (or the unknown key), when no variable did. */
  file?: string;
  /** The keys an `unknown key` issue names, below `path`: how the file that wrote them is found. */
  unknownKeys?: readonly string[];
}

/** "(HTTP_PORT)", "(in /etc/outpace.yaml)", or nothing when neither is known. */
function sourceOf(issue: ConfigIssue): string {
  if (issue.variable) return ` (${issue.variable})`;
  return issue.file ? ` (in ${issue.file})` : '';
}

/** "config: http.port (in f.yaml): expected number"; a problem of the whole tree (an unknown key at
 * its top) says its source after the message: "config: unknown key engin (in f.yaml)". */
function describeIssue(issue: ConfigIssue): string {
  return issue.path ? `config: ${issue.path}${sourceOf(issue)}: ${issue.message}` : `config: ${issue.message}${sourceOf(issue)}`;
}

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly issues: readonly ConfigIssue[];

  constructor(code: ConfigErrorCode, issues: readonly ConfigIssue[]) {
    super(issues.map(describeIssue).join('; '));
    this.name = 'ConfigError';
    this.code = code;
    this.issues = issues;
  }
}
