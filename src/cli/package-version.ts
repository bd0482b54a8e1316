// The release `outpace --version` names: package.json's version, read beside the sources (src/ and
// dist/ are both one level below the package root, as config/default.yaml is found).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function packageVersion(): string {
  try {
    const text = readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8');
    const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
