// The character encodings an uploaded lead file may be in, and the names they are given by.
// Latin-1 (ISO-8859-1) is read as Windows-1252, as browsers read it: the two differ only in bytes
// 0x80–0x9F, control characters in Latin-1 that no lead file holds, and in Windows-1252 the euro
// sign and smart quotes that files called Latin-1 do hold.

export const importEncodings = ['utf-8', 'windows-1252'] as const;
export type ImportEncoding = (typeof importEncodings)[number];

const names: ReadonlyMap<string, ImportEncoding> = new Map<string, ImportEncoding>([
  ['utf-8', 'utf-8'], ['utf8', 'utf-8'],
  ...['windows-1252', 'cp1252', 'latin1', 'latin-1', 'iso-8859-1'].map((name) => [name, 'windows-1252'] as const),
]);

/** The encoding `name` stands for (any case), or null for one the import does not read. */
export function importEncodingNamed(name: string): ImportEncoding | null {
  return names.get(name.trim().toLowerCase()) ?? null;
}

export function unknownEncodingMessage(name: string): string {
  return `"${name}" is not an encoding the import reads: give utf-8 (the default) or windows-1252 (also taken as latin1, cp1252 or iso-8859-1)`;
}
