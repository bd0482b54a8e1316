// The desktop's keys as the server gives them: each presses a button the agent desktop has, is
// labelled in every language the desktop speaks, and is refused to disposition codes.

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { desktopKeys } from '../desktop-keys.js';

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

  it('are labelled in every language of the desktop', () => {
    for (const file of readdirSync(new URL('locales/', web))) {
      const messages = JSON.parse(readFileSync(new URL(`locales/${file}`, web), 'utf8')) as Record<string, string>;
      for (const { label } of desktopKeys) expect(messages[label], `${label} in ${file}`).toBeTruthy();
    }
  });
});
