// `npm run demo` (scripts/demo.sh) creates the database DATABASE_URL names, on the server it
// names, whatever the URL carries after the name (?sslmode=..., ?application_name=...).

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { testRedisUrl } from '../helpers/redis.js';
import { onAdmin, scratchDatabase } from '../helpers/scratch-database.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const scratch = scratchDatabase('demo_script');

describe('npm run demo', () => {
  afterAll(() => onAdmin(scratch.admin, `DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE)`), 60_000);

  it('creates the database a URL with a query string names, and runs on it', async () => {
    await onAdmin(scratch.admin, `DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE)`);
    const url = `${scratch.url}?application_name=outpace-demo-script`;
    const port = await freePort();
    const { LOG_LEVEL: _unset, OUTPACE_CONFIG: _none, ...inherited } = process.env;
    const { stdout } = await run('bash', ['scripts/demo.sh', '--duration', '1', '--agents', '1', '--leads', '5', '--port', String(port)], {
      cwd: root, env: { ...inherited, DATABASE_URL: url, REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: 'demo-script:' },
    });
    expect(stdout).toContain(`[outpace] postgres: creating database ${scratch.name}\n`);
    expect(stdout).toContain(`(database "${scratch.name}"), a laboratory`);
  }, 180_000);
});
