// The desktop's keys as the server gives them: each presses a button the agent desktop has, is
// labelled in every language the desktop speaks, and is refused to disposition codes; an agent is
// given the keys of their campaign's pacing mode only.

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { desktopKeys, desktopKeysFor } from '../desktop-keys.js';

const web = new URL('../../../web/', import.meta.url);

describe('desktop keys', () => {
  it('are one letter each, none taken twice', () => {
    const letters = desktopKeys.map((entry) => entry.key);
    for (const letter of letters) expect(letter).toMatch(/^[a-z]$/);
    expect(new Set(letters).size).toBe(letters.length);
  });

  it("press buttons of the agent desktop, each with a place for its key", () => {
    const page = readFileSync(new URL('agent/index.html', web), 'utf8');
    for (const { button } of desktopKeys) {
      const markup = new RegExp(`<button id="${button}"[^>]*>.*?</button>`, 's').exec(page)?.[0] ?? `no button ${button}`;
      expect(markup).toContain('<kbd></kbd>');
    }
  });

  it("are those of the campaign's pacing mode: the preview keys for preview campaigns only", () => {
    const buttons = (mode: Parameters<typeof desktopKeysFor>[0]) => desktopKeysFor(mode).map((entry) => entry.button);
    const preview = ['preview-next', 'preview-dial', 'preview-skip'];
    expect(buttons('preview')).toEqual(expect.arrayContaining([...preview, 'ready-btn', 'hangup-btn']));
    for (const mode of ['predictive', 'progressive', 'power', null] as const) {
      expect(buttons(mode), String(mode)).toEqual(expect.arrayContaining(['ready-btn', 'pause-btn', 'hangup-btn', 'transfer-btn']));
      for (const button of preview) expect(buttons(mode), String(mode)).not.toContain(button);
    }
  });

  it('are labelled in every language of the desktop', () => {
    for (const file of readdirSync(new URL('locales/', web))) {
      const messages = JSON.parse(readFileSync(new URL(`locales/${file}`, web), 'utf8')) as Record<string, string>;
      for (const { label } of desktopKeys) expect(messages[label], `${label} in ${file}`).toBeTruthy();
    }
  });
});
