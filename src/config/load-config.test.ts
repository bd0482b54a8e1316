import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { deepMerge, loadConfig, overridingEnvironmentVariables, parseConfig } from './load-config.js';

function tempYaml(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpace-config-'));
  const file = join(dir, 'extra.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads config/default.yaml and agrees with the schema defaults', () => {
    const config = loadConfig({ env: {} });
    const fromSchema = parseConfig({});
    expect(config).toEqual(fromSchema);
    expect(config.engine.tickMs).toBe(200);
    expect(config.endpoints.customer).toBe('Local/{number}@sim-pstn');
  });

  it("lists in config/default.yaml's header every environment variable that overrides a setting", () => {
    const header = readFileSync(new URL('../../config/default.yaml', import.meta.url), 'utf8').split('\n').filter((line) => line.startsWith('#')).join(' ');
    expect(overridingEnvironmentVariables.filter((name) => !new RegExp(`\\b${name}\\b`).test(header))).toEqual([]);
  });

  it('keeps uploads in var/uploads unless UPLOAD_DIR names another directory', () => {
    expect(loadConfig({ env: {} }).engine.uploadDir).toBe('var/uploads');
    expect(loadConfig({ env: { UPLOAD_DIR: '/srv/outpace/uploads' } }).engine.uploadDir).toBe('/srv/outpace/uploads');
  });

  it('leaves the node id unset when none is configured (the node names itself, and warns, at start)', () => {
    expect(loadConfig({ env: {} }).engine.nodeId).toBe('');
  });

  it('layers OUTPACE_CONFIG over the defaults, then the environment over both', () => {
    const extra = tempYaml('http:\n  port: 9000\nengine:\n  nodeId: node-a\nauth:\n  tokens:\n    - { token: "abcdefgh12345678", role: admin, name: Ops }\n');
    const config = loadConfig({ env: { OUTPACE_CONFIG: extra, HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'debug', DATABASE_URL: 'postgres://x@db/y' } });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 9000, publicUrl: '', uploadLimitMb: 4096, failedSignInsPerMinute: 30, trustProxy: [] });
    expect(config.engine.nodeId).toBe('node-a');
    expect(config.engine.tickMs).toBe(200);
    expect(config.log.level).toBe('debug');
    expect(config.database).toEqual({ url: 'postgres://x@db/y', poolMax: 10 });
    expect(config.auth.tokens).toEqual([{ token: 'abcdefgh12345678', role: 'admin', name: 'Ops' }]);
    expect(loadConfig({ env: { OUTPACE_CONFIG: extra, NODE_ID: 'engine-7' } }).engine.nodeId).toBe('engine-7');
  });

  it('turns numeric environment values into numbers', () => {
    const config = loadConfig({ env: { HTTP_PORT: '8181', AMI_PORT: '5039', MAX_DIALS_PER_SECOND: '12', TRUNK_DIALS_PER_SECOND: '30', TRUNK: 'carrier-a' } });
    expect(config.http.port).toBe(8181);
    expect(config.ami.port).toBe(5039);
    expect(config.engine.maxDialsPerSecond).toBe(12);
    expect(loadConfig({ env: {} }).engine.maxDialsPerSecond).toBe(0);
    expect(config.engine).toMatchObject({ trunkDialsPerSecond: 30, trunk: 'carrier-a' });
    expect(loadConfig({ env: {} }).engine).toMatchObject({ trunkDialsPerSecond: 0, trunk: 'default' });
  });

  it('says an empty trunk name once, as empty, and a name with other characters by what it may hold', () => {
    expect(errorOf(() => loadConfig({ env: { TRUNK: '' } })).message).toBe('config: engine.trunk (TRUNK): must not be empty');
    expect(errorOf(() => parseConfig({ engine: { trunk: '' } })).message).toBe('config: engine.trunk: must not be empty');
    expect(errorOf(() => parseConfig({ engine: { trunk: 'carrier a' } })).message).toBe('config: engine.trunk: letters, digits, ".", "_" or "-"');
  });

  it("takes how long an agent's phone rings at login from AGENT_RING_SECONDS, within its range, naming the variable when refused", () => {
    expect(loadConfig({ env: {} }).endpoints.agentRingSeconds).toBe(20);
    expect(loadConfig({ env: { AGENT_RING_SECONDS: '45' } }).endpoints.agentRingSeconds).toBe(45);
    expect(errorOf(() => loadConfig({ env: { AGENT_RING_SECONDS: '2.5' } })).message)
      .toBe('config: endpoints.agentRingSeconds (AGENT_RING_SECONDS): expected a whole number');
    expect(errorOf(() => loadConfig({ env: { AGENT_RING_SECONDS: '' } })).issues.map((issue) => `${issue.path} ${issue.variable ?? ''}`))
      .toEqual(['endpoints.agentRingSeconds AGENT_RING_SECONDS']);
    expect(errorOf(() => loadConfig({ env: { AGENT_RING_SECONDS: '300' } })).issues.map((issue) => issue.variable)).toEqual(['AGENT_RING_SECONDS']);
  });

  it('allows no private webhook destination by default, and takes a comma-separated list from the environment', () => {
    expect(loadConfig({ env: {} }).webhooks.allowedPrivateDestinations).toEqual([]);
    const config = loadConfig({ env: { WEBHOOK_ALLOWED_PRIVATE_DESTINATIONS: ' 10.20.0.0/16, crm.corp.example ,,fd00::/8' } });
    expect(config.webhooks.allowedPrivateDestinations).toEqual(['10.20.0.0/16', 'crm.corp.example', 'fd00::/8']);
  });

  it('trusts no proxy by default, takes a list of proxies from the environment, and refuses a host name among them', () => {
    expect(loadConfig({ env: {} }).http).toMatchObject({ trustProxy: [], failedSignInsPerMinute: 30 });
    expect(loadConfig({ env: { HTTP_TRUST_PROXY: '10.0.0.0/8, 192.0.2.10' } }).http.trustProxy).toEqual(['10.0.0.0/8', '192.0.2.10']);
    expect(errorOf(() => loadConfig({ env: { HTTP_TRUST_PROXY: 'proxy.corp' } })).message).toContain('http.trustProxy.0 (HTTP_TRUST_PROXY): an address or a network');
  });

  it('turns AMI on from the environment, and names a switch that is neither true nor false', () => {
    expect([loadConfig({ env: {} }).ami.enabled, loadConfig({ env: { AMI_ENABLED: 'true', AMI_HOST: 'asterisk' } }).ami]).toEqual([false, expect.objectContaining({ enabled: true, host: 'asterisk' })]);
    expect(loadConfig({ env: { AMI_ENABLED: 'false' } }).ami.enabled).toBe(false);
    expect(loadConfig({ env: { REDIS_KEY_PREFIX: 'acme:' } }).redis.keyPrefix).toBe('acme:');
  });

  it('takes the words operators write for a switch, in any case, and names a switch that is none of them', () => {
    const enabled = (word: string) => loadConfig({ env: { AMI_ENABLED: word } }).ami.enabled;
    expect(['true', 'TRUE', 'True', '1', 'yes', 'Yes', 'on', 'ON', ' true '].map(enabled)).toEqual(Array(9).fill(true));
    const onInFile = tempYaml('ami:\n  enabled: true\n');
    expect(['false', 'FALSE', 'False', '0', 'no', 'NO', 'off', 'Off'].map((word) => loadConfig({ env: { OUTPACE_CONFIG: onInFile, AMI_ENABLED: word } }).ami.enabled))
      .toEqual(Array(8).fill(false));
    for (const word of ['maybe', 'enabled', '2', 'y']) {
      expect(errorOf(() => loadConfig({ env: { AMI_ENABLED: word } })).message, word)
        .toBe(`config: ami.enabled (AMI_ENABLED): expected one of true, false, 1, 0, yes, no, on, off (any case); got "${word}"`);
    }
  });

  it('clears with an empty variable a text or a list the file sets, and refuses an empty number or switch by name', () => {
    const file = tempYaml('endpoints:\n  callerId: "+16505550100"\nwebhooks:\n  secret: s3cret\n  allowedPrivateDestinations: [10.0.0.0/8]\nredis:\n  keyPrefix: "acme:"\n');
    const cleared = loadConfig({ env: { OUTPACE_CONFIG: file, CALLER_ID: '', WEBHOOK_SECRET: '', WEBHOOK_ALLOWED_PRIVATE_DESTINATIONS: '', REDIS_KEY_PREFIX: '' } });
    expect([cleared.endpoints.callerId, cleared.webhooks.secret, cleared.webhooks.allowedPrivateDestinations, cleared.redis.keyPrefix]).toEqual(['', '', [], '']);
    expect(loadConfig({ env: { OUTPACE_CONFIG: file } }).endpoints.callerId).toBe('+16505550100');
    expect(errorOf(() => loadConfig({ env: { HTTP_PORT: '' } })).message)
      .toBe('config: http.port (HTTP_PORT): expected a number; it is empty: unset HTTP_PORT to keep the configured value');
    expect(errorOf(() => loadConfig({ env: { AMI_ENABLED: ' ' } })).message)
      .toBe('config: ami.enabled (AMI_ENABLED): expected one of true, false, 1, 0, yes, no, on, off (any case); it is empty: unset AMI_ENABLED to keep the configured value');
    // A text that may not be empty is refused by name, and every problem is listed.
    expect(errorOf(() => loadConfig({ env: { ARI_APP: '', MAX_DIALS_PER_SECOND: '' } })).issues.map((issue) => `${issue.path} ${issue.variable ?? ''}`))
      .toEqual(['engine.maxDialsPerSecond MAX_DIALS_PER_SECOND', 'ari.app ARI_APP']);
  });

  it('refuses a campaign lease shorter than its renewals allow', () => {
    const file = tempYaml('engine:\n  campaignLeaseMs: 2000\n');
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: file } })).message)
      .toBe(`config: engine.campaignLeaseMs (in ${file}): at least 5000: leases are renewed every 2 s; got 2000`);
  });

  it('names the key path and the variable of a bad environment value', () => {
    const error = errorOf(() => loadConfig({ env: { HTTP_PORT: 'eighty' } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('config: http.port (HTTP_PORT): expected number');
    expect(errorOf(() => loadConfig({ env: { HTTP_TRUST_PROXY: '10.0.0.1,proxy.corp' } })).message)
      .toBe('config: http.trustProxy.1 (HTTP_TRUST_PROXY): an address or a network such as 10.0.0.0/8');
  });

  it('says what is wrong with a number the environment gives: a fraction is no whole number, a negative port out of range', () => {
    expect(errorOf(() => loadConfig({ env: { MAX_DIALS_PER_SECOND: '1.5' } })).message)
      .toBe('config: engine.maxDialsPerSecond (MAX_DIALS_PER_SECOND): expected a whole number');
    expect(errorOf(() => loadConfig({ env: { AMI_PORT: '-1' } })).issues).toEqual([expect.objectContaining({ path: 'ami.port', variable: 'AMI_PORT' })]);
    // Spaces around a number (an env file's) do not make it text.
    expect(loadConfig({ env: { HTTP_PORT: ' 8181 ' } }).http.port).toBe(8181);
  });

  it('says of a value out of range, in its own words, the setting, the value given and the range allowed', () => {
    expect(errorOf(() => loadConfig({ env: { AMI_PORT: '-1' } })).message).toBe('config: ami.port (AMI_PORT): must be a whole number from 1 to 65535; got -1');
    expect(errorOf(() => loadConfig({ env: { HTTP_PORT: '70000' } })).message).toBe('config: http.port (HTTP_PORT): must be a whole number from 1 to 65535; got 70000');
    const file = tempYaml('database:\n  poolMax: 0\nengine:\n  writeRetryMinutes: 300\n  leadLeaseMs: 10\nari:\n  app: ""\nendpoints:\n  callerId: "' + '5'.repeat(81) + '"\n');
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: file } })).message).toBe([
      `config: database.poolMax (in ${file}): must be a whole number from 1 to 200; got 0`,
      `config: ari.app (in ${file}): must not be empty`,
      `config: engine.leadLeaseMs (in ${file}): must be a whole number of at least 1000; got 10`,
      `config: engine.writeRetryMinutes (in ${file}): must be a number from 0.1 to 240; got 300`,
      `config: endpoints.callerId (in ${file}): must be at most 80 characters long; got 81`,
    ].join('; '));
    expect(errorOf(() => parseConfig({ http: { trustProxy: Array(101).fill('10.0.0.1') } })).message).toBe('config: http.trustProxy: must list at most 100 entries; got 101');
  });

  it('judges the CALLER_ID setting as a caller ID is judged when saved, naming the setting', () => {
    const howTo = "is not in E.164 form: write the caller ID's number with + and its country code";
    expect(errorOf(() => loadConfig({ env: { CALLER_ID: '020 7946 0018' } })).message).toContain(`config: endpoints.callerId (CALLER_ID): "020 7946 0018" ${howTo}`);
    expect(errorOf(() => loadConfig({ env: { CALLER_ID: '"Acme" <2125550101>' } })).message).toContain(`config: endpoints.callerId (CALLER_ID): "2125550101" ${howTo}`);
    expect(errorOf(() => loadConfig({ env: { CALLER_ID: '+44 909 879 0000' } })).message)
      .toBe('config: endpoints.callerId (CALLER_ID): +449098790000 is a premium-rate number: a caller ID must be a number the person can call back at no more than a normal rate');
    expect(errorOf(() => loadConfig({ env: { CALLER_ID: 'reception' } })).message).toContain('config: endpoints.callerId (CALLER_ID): a number to call back');
    expect(errorOf(() => loadConfig({ env: { CALLER_ID: '+15550100' } })).message)
      .toBe('config: endpoints.callerId (CALLER_ID): +15550100 is not a valid phone number: too short for a number of country code +1; a caller ID must be a number the person can call back');
    // Written in E.164 with spaces or brackets it is kept in E.164 form.
    expect(loadConfig({ env: { CALLER_ID: '"Acme" <+1 (212) 555-0101>' } }).endpoints.callerId).toBe('"Acme" <+12125550101>');
    const file = tempYaml('endpoints:\n  callerId: "09098790000"\n');
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: file } })).message).toContain(`config: endpoints.callerId (in ${file}): "09098790000" ${howTo}`);
  });

  it('names the file, not a variable, of a bad value from a file, even where the environment sets other keys', () => {
    const extra = tempYaml('http:\n  port: eighty\n');
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: extra, HTTP_HOST: '127.0.0.1' } })).message).toBe(`config: http.port (in ${extra}): expected number`);
  });

  it('names the defaults file of a bad value the file OUTPACE_CONFIG names does not override, and the file of an unknown key', () => {
    const defaults = tempYaml('http:\n  port: eighty\n');
    expect(errorOf(() => loadConfig({ defaultFile: defaults, env: { OUTPACE_CONFIG: tempYaml('log:\n  level: info\n') } })).message)
      .toBe(`config: http.port (in ${defaults}): expected number`);
    const unknown = tempYaml('http:\n  prot: 1\n');
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: unknown } })).message).toBe(`config: http (in ${unknown}): unknown key prot`);
  });

  it('reports a missing or broken file as CONFIG_FILE', () => {
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: '/nonexistent/outpace.yaml' } })).code).toBe('CONFIG_FILE');
    const broken = tempYaml('http: [unclosed');
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: broken } })).code).toBe('CONFIG_FILE');
  });

  it('says a file it cannot read or parse is the one OUTPACE_CONFIG names, on one line', () => {
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: '/nonexistent/outpace.yaml' } })).message)
      .toBe('config: cannot read /nonexistent/outpace.yaml (OUTPACE_CONFIG): no such file');
    const broken = tempYaml('http:\n  port: [8080\nlog: {}\n');
    expect(errorOf(() => loadConfig({ env: { OUTPACE_CONFIG: broken } })).message)
      .toMatch(new RegExp(`^config: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(OUTPACE_CONFIG\\) is not valid YAML: [^\\n]* at line \\d+, column \\d+$`));
  });
});

describe('parseConfig', () => {
  it('rejects unknown keys with their path', () => {
    expect(errorOf(() => parseConfig({ http: { prot: 1 } })).message).toBe('config: http: unknown key prot');
  });

  it('rejects a bad enum value, saying the value given', () => {
    expect(errorOf(() => parseConfig({ log: { level: 'loud' } })).message)
      .toBe('config: log.level: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent"; got "loud"');
    expect(errorOf(() => loadConfig({ env: { LOG_LEVEL: 'verbose' } })).message)
      .toBe('config: log.level (LOG_LEVEL): expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent"; got "verbose"');
  });

  it('rejects a configured token shorter than 16 characters', () => {
    expect(errorOf(() => parseConfig({ auth: { tokens: [{ token: 'fifteen-chars-x', role: 'admin', name: 'Ops' }] } })).message).toBe('config: auth.tokens.0.token: must be at least 16 characters (e.g. openssl rand -hex 16)');
  });

  it('rejects an agent token without agentId and duplicate tokens', () => {
    const noAgent = errorOf(() => parseConfig({ auth: { tokens: [{ token: 'abcdefgh12345678', role: 'agent', name: 'A' }] } }));
    expect(noAgent.issues[0]?.path).toBe('auth.tokens.0.agentId');
    const twice = { token: 'abcdefgh12345678', role: 'viewer', name: 'V' };
    expect(errorOf(() => parseConfig({ auth: { tokens: [twice, twice] } })).message).toBe('config: auth.tokens: tokens must be unique');
  });

  it('rejects endpoint templates without their placeholder', () => {
    expect(errorOf(() => parseConfig({ endpoints: { customer: 'PJSIP/carrier' } })).message).toBe(
      'config: endpoints.customer: must contain {number}',
    );
  });

  it('rejects a reconnect backoff whose minimum exceeds its maximum', () => {
    const error = errorOf(() => parseConfig({ ari: { reconnectMinMs: 5000, reconnectMaxMs: 1000 } }));
    expect(error.issues[0]?.path).toBe('ari.reconnectMinMs');
  });

  it('rejects URLs with the wrong scheme', () => {
    expect(errorOf(() => parseConfig({ redis: { url: 'http://x' } })).issues[0]?.path).toBe('redis.url');
    expect(errorOf(() => parseConfig({ http: { publicUrl: 'node-b:8080' } })).issues[0]?.path).toBe('http.publicUrl');
    expect(parseConfig({ http: { publicUrl: 'https://engine-2.example.com' } }).http.publicUrl).toBe('https://engine-2.example.com');
  });

  it('refuses an ARI application name Stasis() or the events address would split or cut, naming ARI_APP', () => {
    for (const bad of ['outpace,b', 'out pace', 'outpace&x', 'outpace/1']) {
      expect(errorOf(() => loadConfig({ env: { ARI_APP: bad } })).message, bad)
        .toBe('config: ari.app (ARI_APP): letters, digits, ".", "_" or "-": the dialplan\'s Stasis() and ARI take the name as it is');
    }
    expect(errorOf(() => loadConfig({ env: { ARI_APP: '' } })).message).toBe('config: ari.app (ARI_APP): must not be empty');
    expect(loadConfig({ env: { ARI_APP: 'outpace-node_2.b' } }).ari.app).toBe('outpace-node_2.b');
  });

  it('refuses an ARI URL with a path ARI is not asked at, naming ARI_URL', () => {
    for (const bad of ['http://pbx:8088/asterisk', 'http://pbx:8088/asterisk/ari', 'https://pbx:8089/ari/events']) {
      expect(errorOf(() => loadConfig({ env: { ARI_URL: bad } })).message, bad).toBe('config: ari.url (ARI_URL): give the PBX\'s scheme, host '
        + 'and port, e.g. http://127.0.0.1:8088, with no path but /ari (a prefix in http.conf is not supported)');
    }
    for (const good of ['http://pbx:8088', 'http://pbx:8088/', 'http://pbx:8088/ari', 'https://pbx:8089/ari/']) {
      expect(loadConfig({ env: { ARI_URL: good } }).ari.url).toBe(good);
    }
  });

  it('refuses a Redis database index that is no whole number, by the variable that gave it', () => {
    const message = 'the database index (after the port, or ?db=) must be a whole number, e.g. redis://127.0.0.1:6379/0';
    for (const bad of ['redis://127.0.0.1:6379/abc', 'redis://127.0.0.1:6379/7x', 'redis://127.0.0.1:6379/-1', 'redis://127.0.0.1:6379?db=two',
      // The path's index is the one ioredis selects, whatever ?db= says.
      'redis://127.0.0.1:6379/abc?db=1']) {
      expect(errorOf(() => loadConfig({ env: { REDIS_URL: bad } })).message, bad).toBe(`config: redis.url (REDIS_URL): ${message}`);
    }
    for (const good of ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379/', 'redis://:secret@redis:6379/12', 'rediss://redis:6380?db=3']) {
      expect(loadConfig({ env: { REDIS_URL: good } }).redis.url).toBe(good);
    }
  });

  it('rejects an allowed webhook destination that is not an address, a network or a host name', () => {
    for (const bad of ['10.0.0.0/33', '::1/129', 'http://crm.example', '10.0.0.0/8/8', 'crm example', '']) {
      expect(errorOf(() => parseConfig({ webhooks: { allowedPrivateDestinations: [bad] } })).message, bad)
        .toBe('config: webhooks.allowedPrivateDestinations.0: an address, a network such as 10.20.0.0/16, or a host name');
    }
    expect(parseConfig({ webhooks: { allowedPrivateDestinations: ['192.168.1.10', 'fc00::/7', 'crm'] } }).webhooks.allowedPrivateDestinations)
      .toEqual(['192.168.1.10', 'fc00::/7', 'crm']);
  });

  it('lists every problem, not just the first', () => {
    const error = errorOf(() => parseConfig({ http: { port: 'x' }, engine: { tickMs: 'y' } }));
    expect(error.issues.map((i) => i.path)).toEqual(['http.port', 'engine.tickMs']);
  });
});

describe('deepMerge', () => {
  it('merges mappings and replaces lists', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } });
  });
});
