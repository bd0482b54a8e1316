// The error a bad configuration raises at start. Its message names the key path of each problem,
// and the environment variable when one gave the value, e.g.
// "config: http.port (HTTP_PORT): expected number"; `issues` lists them.

export type ConfigErrorCode = 'CONFIG_INVALID' | 'CONFIG_FILE';

export interface ConfigIssue {
  path: string;
  message: string;
  /** The environment variable that gave the value, when one did. */
  variable?: string;
}

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly issues: readonly ConfigIssue[];

  constructor(code: ConfigErrorCode, issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => `config: ${issue.path ? `${issue.path}${issue.variable ? ` (${issue.variable})` : ''}: ` : ''}${issue.message}`).join('; '));
    this.name = 'ConfigError';
    this.code = code;
    this.issues = issues;
  }
}
