// This release's package.json, read beside the sources (src/ and dist/ are both one level below
// the package root, as config/default.yaml is found): the release `outpace --version` names and
// the Node.js `outpace doctor` asks for are read from one place.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fields of package.json read here, unchecked: each reader checks the one it takes. */
export interface PackageManifest {
  version?: unknown;
  engines?: { node?: unknown };
}

export function readPackageManifest(): PackageManifest {
  return JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as PackageManifest;
}
