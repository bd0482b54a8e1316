// Runs the simulated PBX by hand: `tsx src/sim/pbx/main.ts --port 8088 --seed 7`.
// Flags win over environment variables (SIM_PBX_HOST, SIM_PBX_PORT, SIM_PBX_AMI_PORT, SIM_PBX_SEED,
// SIM_PBX_TIME_SCALE, SIM_PBX_OUTCOMES, SIM_PBX_USERNAME, SIM_PBX_PASSWORD, SIM_PBX_APPS, SIM_PBX_DESKS,
// SIM_PBX_SOUNDS). The user, password and app default to the engine's own defaults (outpace), so
// `outpace serve` with no settings reaches it.

import { parseArgs } from 'node:util';
import { startSimPbx } from './sim-pbx.js';

const usage = `usage: main.ts [--host H] [--port N] [--ami-port N] [--seed N] [--time-scale X]
                [--outcomes model|digit] [--username U] [--password P] [--apps a,b]
                [--desks 442079460123,...] [--sounds acme/vm=4000,...]`;

/** The engine's default ARI user, password and app (config/default.yaml). */
const engineDefault = 'outpace';

function numberOption(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new Error(`${name} must be a number, got "${value}"`);
  return number;
}

/** `name=ms,...`: sounds the PBX has besides its own (a sound it lacks fails to play). */
function soundsOption(value: string | undefined): Record<string, number> {
  const sounds: Record<string, number> = {};
  for (const item of (value ?? '').split(',').filter((entry) => entry.trim() !== '')) {
    const [name = '', ms = '3000'] = item.trim().split('=');
    sounds[name] = numberOption(ms, 3000, `--sounds ${name}`);
  }
  return sounds;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' }, port: { type: 'string' }, 'ami-port': { type: 'string' }, seed: { type: 'string' },
      'time-scale': { type: 'string' }, outcomes: { type: 'string' }, username: { type: 'string' },
      password: { type: 'string' }, apps: { type: 'string' }, desks: { type: 'string' }, sounds: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    console.log(usage);
    return;
  }
  const env = process.env;
  const outcomes = values.outcomes ?? env.SIM_PBX_OUTCOMES ?? 'model';
  if (outcomes !== 'model' && outcomes !== 'digit') throw new Error(`--outcomes must be model or digit\n${usage}`);
  const pbx = await startSimPbx({
    host: values.host ?? env.SIM_PBX_HOST ?? '127.0.0.1',
    port: numberOption(values.port ?? env.SIM_PBX_PORT, 8088, 'port'),
    amiPort: numberOption(values['ami-port'] ?? env.SIM_PBX_AMI_PORT, 5038, 'ami-port'),
    seed: numberOption(values.seed ?? env.SIM_PBX_SEED, 1, 'seed'),
    timeScale: numberOption(values['time-scale'] ?? env.SIM_PBX_TIME_SCALE, 1, 'time-scale'),
    outcomes,
    username: values.username ?? env.SIM_PBX_USERNAME ?? engineDefault,
    password: values.password ?? env.SIM_PBX_PASSWORD ?? engineDefault,
    apps: (values.apps ?? env.SIM_PBX_APPS ?? engineDefault).split(','),
    desks: (values.desks ?? env.SIM_PBX_DESKS ?? '').split(',').filter((number) => number.trim() !== ''),
    sounds: soundsOption(values.sounds ?? env.SIM_PBX_SOUNDS),
  });
  console.log(`simulated PBX: ARI ${pbx.url}/ari, AMI port ${pbx.amiPort ?? 'off'}, outcomes ${outcomes}`);
  const stop = (): void => {
    void pbx.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
