// The staff pages' top bars: each links to every other staff page, and all of them sign in the
// same way (the one token field and form the shared sign-in code binds), so no page is left out
// when one is added.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const staffPages = ['wallboard', 'pacing', 'reports', 'plan', 'campaigns'];

const html = (page: string) => readFile(`src/web/${page}/index.html`, 'utf8');
const navLinks = (text: string) => [...text.matchAll(/<a href="(\/[a-z]+\/)" class="nav-link"/g)].map((m) => m[1]);

describe('staff pages', () => {
  it('each link to every other staff page', async () => {
    for (const page of staffPages) {
      const others = staffPages.filter((p) => p !== page).map((p) => `/${p}/`).sort();
      expect([...navLinks(await html(page))].sort(), page).toEqual(others);
    }
  });

  it('each carry the sign-in form and frame the shared sign-in code binds', async () => {
    for (const page of staffPages) {
      const text = await html(page);
      for (const id of ['signin', 'signin-form', 'token', 'signin-error', 'sign-out', 'who', 'locale']) expect(text, `${page} #${id}`).toContain(`id="${id}"`);
    }
  });
});
