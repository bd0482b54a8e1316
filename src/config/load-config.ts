// Loads the configuration: config/default.yaml, then the file named by OUTPACE_CONFIG, then
// environment variables; validates the result once, so a bad value stops the process at start.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { configIssueOf } from './config-issue.js';
import { envValue, type EnvKind } from './env-values.js';
import { fileProblem } from './file-problem.js';
import { configSchema, type Config } from './schema.js';

type Env = Readonly<Record<string, string | undefined>>;
type Tree = Record<string, unknown>;

/** Environment variable -> key path. Numeric ones are converted when they look like numbers. */
const envOverrides: ReadonlyArray<readonly [string, readonly [string, string]]> = [
  ['DATABASE_URL', ['database', 'url']],
  ['REDIS_URL', ['redis', 'url']],
  ['REDIS_KEY_PREFIX', ['redis', 'keyPrefix']],
  ['ARI_URL', ['ari', 'url']],
  ['ARI_USER', ['ari', 'user']],
  ['ARI_PASSWORD', ['ari', 'password']],
  ['ARI_APP', ['ari', 'app']],
  ['AMI_ENABLED', ['ami', 'enabled']],
  ['AMI_HOST', ['ami', 'host']],
  ['AMI_PORT', ['ami', 'port']],
  ['AMI_USER', ['ami', 'user']],
  ['AMI_PASSWORD', ['ami', 'password']],
  ['HTTP_PORT', ['http', 'port']],
  ['HTTP_HOST', ['http', 'host']],
  ['HTTP_TRUST_PROXY', ['http', 'trustProxy']],
  ['LOG_LEVEL', ['log', 'level']],
  ['WEBHOOK_SECRET', ['webhooks', 'secret']],
  ['WEBHOOK_ALLOWED_PRIVATE_DESTINATIONS', ['webhooks', 'allowedPrivateDestinations']],
  ['CALLER_ID', ['endpoints', 'callerId']],
  ['AGENT_RING_SECONDS', ['endpoints', 'agentRingSeconds']],
  ['NODE_ID', ['engine', 'nodeId']],
  ['MAX_DIALS_PER_SECOND', ['engine', 'maxDialsPerSecond']],
  ['TRUNK_DIALS_PER_SECOND', ['engine', 'trunkDialsPerSecond']],
  ['TRUNK', ['engine', 'trunk']],
  ['WRITE_SPOOL_DIR', ['engine', 'writeSpoolDir']],
  ['UPLOAD_DIR', ['engine', 'uploadDir']],
];
const numericEnv = new Set(['AMI_PORT', 'HTTP_PORT', 'MAX_DIALS_PER_SECOND', 'TRUNK_DIALS_PER_SECOND', 'AGENT_RING_SECONDS']);
/** Switches given as true or false (or 1/0, yes/no, on/off). */
const booleanEnv = new Set(['AMI_ENABLED']);
/** Lists given as comma-separated values. */
const listEnv = new Set(['WEBHOOK_ALLOWED_PRIVATE_DESTINATIONS', 'HTTP_TRUST_PROXY']);

/** The environment variables that override a setting, as config/default.yaml lists them. */
export const overridingEnvironmentVariables: readonly string[] = envOverrides.map(([name]) => name);

function kindOf(name: string): EnvKind {
  if (numericEnv.has(name)) return 'number';
  if (booleanEnv.has(name)) return 'switch';
  return listEnv.has(name) ? 'list' : 'text';
}

export interface LoadConfigOptions {
  env?: Env;
  /** Defaults to config/default.yaml at the package root. */
  defaultFile?: string;
  /** A command's own defaults, over config/default.yaml's and under the file OUTPACE_CONFIG names
   * and the environment (the demo's quieter log). */
  commandDefaults?: Tree;
}

export function defaultConfigFile(): string {
  // src/config/ and dist/config/ are both two levels below the package root.
  return fileURLToPath(new URL('../../config/default.yaml', import.meta.url));
}

/** A layer of the configuration and the file it was read from (none for a command's own defaults). */
interface Layer {
  file: string | null;
  tree: Tree;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const defaultFile = options.defaultFile ?? defaultConfigFile();
  const layers: Layer[] = [{ file: defaultFile, tree: readYamlFile(defaultFile) }, { file: null, tree: options.commandDefaults ?? {} }];
  const extra = env.OUTPACE_CONFIG;
  if (extra) layers.push({ file: extra, tree: readYamlFile(extra, 'OUTPACE_CONFIG') });
  const tree = layers.reduce<Tree>((merged, layer) => deepMerge(merged, layer.tree), {});
  const { tree: withEnv, setBy, issues } = applyEnv(tree, env);
  const validated = validate(withEnv);
  if ('config' in validated && issues.length === 0) return validated.config;
  // The environment's own refusals (an empty number, a switch that is no switch) come first.
  const sourced = 'issues' in validated ? validated.issues.map((issue) => withSource(issue, setBy, layers)) : [];
  throw new ConfigError('CONFIG_INVALID', [...issues, ...sourced]);
}

function validate(tree: Tree): { config: Config } | { issues: readonly ConfigIssue[] } {
  try {
    return { config: parseConfig(tree) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { issues: error.issues };
  }
}

/** A bad value names where it came from: the environment variable that gave it, else the file
 * (the last layer that wrote it wins, as in the merge), so the operator knows what to correct. */
function withSource(issue: ConfigIssue, setBy: ReadonlyMap<string, string>, layers: readonly Layer[]): ConfigIssue {
  for (const [path, variable] of setBy) {
    if (issue.path === path || issue.path.startsWith(`${path}.`)) return { ...issue, variable };
  }
  const keys = issue.path === '' ? [] : issue.path.split('.');
  const wrote = (layer: Layer): boolean => (issue.unknownKeys
    ? issue.unknownKeys.some((key) => hasPath(layer.tree, [...keys, key]))
    : keys.length > 0 && hasPath(layer.tree, keys));
  const file = [...layers].reverse().find(wrote)?.file;
  return file ? { ...issue, file } : issue;
}

function hasPath(tree: unknown, keys: readonly string[]): boolean {
  let current = tree;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/** Validates an already merged configuration tree. */
export function parseConfig(raw: unknown): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError('CONFIG_INVALID', result.error.issues.map((issue) => configIssueOf(issue, raw)));
  return result.data;
}

/** `variable`: the environment variable that named the file, said with it (the operator set it). */
function readYamlFile(file: string, variable?: string): Tree {
  const named = variable ? `${file} (${variable})` : file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('CONFIG_FILE', [{ path: '', message: `cannot read ${named}: ${fileProblem(error)}` }]);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    // The parser's first line says what and where ("... at line 2, column 1:"); a code frame follows.
    const said = describe(error).split('\n')[0]?.replace(/:$/, '') ?? '';
    throw new ConfigError('CONFIG_FILE', [{ path: '', message: `${named} is not valid YAML: ${said}` }]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isTree(parsed)) throw new ConfigError('CONFIG_FILE', [{ path: '', message: `${named} must hold a mapping` }]);
  return parsed;
}

/** The tree with the environment's values over it, which variable set each key path, and the
 * variables whose text is no value of their setting's kind (their settings keep the files'). */
function applyEnv(tree: Tree, env: Env): { tree: Tree; setBy: Map<string, string>; issues: ConfigIssue[] } {
  let result = tree;
  const setBy = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const [name, [section, key]] of envOverrides) {
    const raw = env[name];
    // Set, even to '': an empty variable clears a text or a list the files set (see env-values.ts).
    if (raw === undefined) continue;
    const parsed = envValue(name, kindOf(name), raw);
    if ('issue' in parsed) {
      issues.push({ path: `${section}.${key}`, ...parsed.issue });
      continue;
    }
    result = deepMerge(result, { [section]: { [key]: parsed.value } });
    setBy.set(`${section}.${key}`, name);
  }
  return { tree: result, setBy, issues };
}

/** Mappings merge key by key; anything else (scalars, lists) from `over` replaces `base`. */
export function deepMerge(base: Tree, over: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isTree(current) && isTree(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
