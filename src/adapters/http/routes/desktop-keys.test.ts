// The keys the agent desktop takes for its own buttons are the keys a disposition code may not
// have: a new button with a new key shows up here until the catalogue refuses that key too.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { desktopKeys } from './disposition-routes.js';

describe('desktop keys', () => {
  it("are the agent desktop's button keys, every one of them", () => {
    const source = readFileSync(new URL('../../../web/agent/agent.js', import.meta.url), 'utf8');
    const buttons = /const buttons = \{([^}]*)\}/.exec(source)?.[1] ?? '';
    const keys = [...buttons.matchAll(/(\w+): '[\w-]+'/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(5);
    expect([...keys].sort()).toEqual([...desktopKeys].sort());
  });
});
