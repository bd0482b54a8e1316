// The release `outpace --version` names: package.json's version (package-manifest.ts).

import { readPackageManifest } from './package-manifest.js';

export function packageVersion(): string {
  try {
    const { version } = readPackageManifest();
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
