// What a PBX says it can play, from GET /ari/sounds answered as Asterisk answers it. Asterisk takes
// every directory right under its sounds directory for a language: prompts put in sounds/outpace/
// are listed as `sh` of language `outpace`, and still play as `sound:outpace/sh`.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ariSoundIds } from './ari-sound-ids.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A PBX whose GET /ari/sounds answers `sounds`. */
async function pbxListing(sounds: unknown): Promise<string> {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(sounds));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

const ask = async (sounds: unknown): Promise<Set<string>> =>
  ariSoundIds({ url: await pbxListing(sounds), user: 'outpace', password: 'outpace', requestTimeoutMs: 2_000 });

describe('ariSoundIds', () => {
  it('has the prompts of sounds/outpace/, which Asterisk lists as sounds of language "outpace", as outpace/<name>', async () => {
    const ids = await ask([
      { id: 'sh', formats: [{ language: 'outpace', format: 'wav' }] },
      { id: 'vm-message', formats: [{ language: 'outpace', format: 'wav' }, { language: 'outpace', format: 'gsm' }] },
      { id: 'tt-monkeys', formats: [{ language: 'en', format: 'gsm' }] },
    ]);
    expect(ids.has('outpace/sh')).toBe(true);
    expect(ids.has('outpace/vm-message')).toBe(true);
    expect(ids.has('outpace/return-call')).toBe(false);
    expect(ids.has('tt-monkeys')).toBe(true);
  });

  it('has the prompts of sounds/en/outpace/ by the ids Asterisk lists them with', async () => {
    const ids = await ask([
      { id: 'outpace/sh', formats: [{ language: 'en', format: 'wav' }] },
      { id: 'beep', formats: [{ language: 'en', format: 'gsm' }, { language: 'fr', format: 'gsm' }] },
    ]);
    expect([...ids].sort()).toEqual(['beep', 'en/beep', 'en/outpace/sh', 'fr/beep', 'outpace/sh']);
  });

  it('skips entries without an id and formats without a language', async () => {
    const ids = await ask([{ formats: [] }, null, 'x', { id: 'beep' }, { id: 'a', formats: [{ format: 'wav' }, { language: '' }] }]);
    expect([...ids]).toEqual(['beep', 'a']);
  });
});
