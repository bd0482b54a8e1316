// The error a bad configuration raises at start. Its message names the key path of the first
// problem, e.g. "config: http.port: expected number"; `issues` lists all of them.

export type ConfigErrorCode = 'CONFIG_INVALID' | 'CONFIG_FILE';

export interface ConfigIssue {
  path: string;
  message: string;
}

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly issues: readonly ConfigIssue[];

  constructor(code: ConfigErrorCode, issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => `config: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('; '));
    this.name = 'ConfigError';
    this.code = code;
    this.issues = issues;
  }
}
