// Why a file could not be read or written, in words ("no such file"), not a Node error code:
// said the same by the configuration's files and a command's own.

const fileProblems: Readonly<Record<string, string>> = {
  ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory', ENOTDIR: 'a part of the path is not a directory',
};

/** The file system error in words; one of another kind as its own message. */
export function fileProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' ? fileProblems[code] : undefined) ?? (error instanceof Error ? error.message : String(error));
}
