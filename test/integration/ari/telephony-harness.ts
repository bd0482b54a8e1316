// Starts the simulated PBX (outcome by the number's last digit, delays sped up) and the ARI
// telephony adapter against it, collects the core inputs the adapter emits and waits for them.

import { createLogger } from '../../../src/adapters/log/logger.js';
import { createAriTelephony, type AriTelephonyOptions, type Telephony } from '../../../src/adapters/ari/ari-telephony.js';
import type { Input } from '../../../src/core/inputs.js';
import { startSimPbx, type SimPbx, type SimPbxOptions } from '../../../src/sim/pbx/sim-pbx.js';

export const timeScale = 0.05;

/** Basic auth of the simulated PBX's ARI user, for requests made around the adapter. */
export const ariAuth = { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` };

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what = 'the condition', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Harness {
  pbx: SimPbx;
  telephony: Telephony;
  inputs: Input[];
  waitFor<T extends Input['type']>(type: T, match?: (input: Extract<Input, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<Input, { type: T }>>;
  inputsFor(attemptId: string): Input[];
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<AriTelephonyOptions> = {}, pbxOptions: SimPbxOptions = {}): Promise<Harness> {
  const pbx = await startSimPbx({ outcomes: 'digit', timeScale, amiPort: null, ...pbxOptions });
  const telephony = createAriTelephony({
    url: overrides.url ?? pbx.url, user: 'dialer', password: 'dialer', app: 'dialer',
    customerEndpointTemplate: 'Local/{number}@sim-pstn', callerId: '"Outpace" <15550100100>',
    reconnectMinMs: 50, reconnectMaxMs: 500, ...overrides,
  }, createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const inputs: Input[] = [];
  const waiters = new Set<() => void>();
  await telephony.start((input) => {
    inputs.push(input);
    for (const wake of [...waiters]) wake();
  });

  function waitFor<T extends Input['type']>(type: T, match?: (input: Extract<Input, { type: T }>) => boolean, timeoutMs = 5000): Promise<Extract<Input, { type: T }>> {
    const find = (): Extract<Input, { type: T }> | undefined =>
      inputs.find((input): input is Extract<Input, { type: T }> => input.type === type && (match === undefined || match(input as Extract<Input, { type: T }>)));
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = find();
        if (found === undefined) return false;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`no ${type} within ${timeoutMs} ms; got ${JSON.stringify(inputs)}`));
      }, timeoutMs);
      waiters.add(wake);
      check();
    });
  }

  return {
    pbx, telephony, inputs, waitFor,
    inputsFor: (attemptId) => inputs.filter((input) => 'attemptId' in input && input.attemptId === attemptId),
    async close() {
      await telephony.stop();
      await pbx.close();
    },
  };
}

let attemptSeq = 0;

/** A fresh attempt id and a number whose last digit picks the simulated outcome. */
export function dial(lastDigit: number, ringTimeoutMs = 30_000, amd = false) {
  attemptSeq++;
  return {
    type: 'originate' as const, campaignId: 'camp-1', attemptId: `att-${attemptSeq}-${Date.now()}`, leadId: `lead-${attemptSeq}`,
    phone: `+1555010${String(attemptSeq % 1000).padStart(3, '0')}${lastDigit}`, ringTimeoutMs, amd, amdAfterGreetingMs: 800, callerId: '"Outpace" <+16505550100>' as string | null, endpointTemplate: null as string | null,
  };
}

/** A customer answering (a number ending in 0) and put through to `agentId`, whose leg is up; the attempt id. */
export async function customerWith(h: Harness, agentId: string): Promise<string> {
  const command = dial(0);
  await h.telephony.execute(command);
  await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
  await h.telephony.execute({ type: 'bridge_call', campaignId: '1', attemptId: command.attemptId, agentId, match: 'any' });
  await h.waitFor('call_bridged', (i) => i.attemptId === command.attemptId);
  return command.attemptId;
}

/** A harness with telephony up and `agentId`'s phone leg up in their bridge. */
export async function startHarnessWithAgent(agentId: string, endpoint: string): Promise<Harness> {
  const h = await startHarness();
  await h.waitFor('telephony_up');
  await h.telephony.execute({ type: 'dial_agent', agentId, endpoint });
  await h.waitFor('agent_leg_up', (i) => i.agentId === agentId);
  return h;
}
