// Errors that say the database could not be reached or could not take the statement just now
// (connection lost or refused, the server restarting, too many connections, a deadlock or a
// serialization conflict) as against errors in the statement itself. The first are worth trying
// again; the second would fail the same way every time.

/** SQLSTATE classes and codes of conditions that pass. */
const transientStates = ['08', '53', '57P01', '57P02', '57P03', '40001', '40P01'];
const transientNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What node-postgres says, without a code, when a connection goes away or is not had in time. */
const transientMessages = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection error/i, /Client has encountered a connection error/i];

export function isTransientDbError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (transientNodeCodes.has(code)) return true;
    if (transientStates.some((state) => code.startsWith(state))) return true;
  }
  if (transientMessages.some((pattern) => pattern.test(error.message))) return true;
  return error.cause !== undefined && error.cause !== error && isTransientDbError(error.cause);
}
