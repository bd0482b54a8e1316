// What the log says when the node cannot connect to the PBX's ARI: which service, where (host and
// port, never the password), why and what to check, as for the database and Redis at start, where
// "ARI connection failed" with "connect: ECONNREFUSED" said neither where nor what to look at.

import { addressOf, isTlsRefusal, networkReason } from '../service-unreachable-error.js';
import { isAriError } from './ari-errors.js';

export function ariConnectFailure(error: unknown, url: string, user: string): string {
  const where = `the PBX's ARI at ${addressOf(url, 8088)}`;
  if (isAriError(error, 'ARI_UNAUTHORIZED')) {
    return `${where} refused user "${user}" and its password: check ARI_USER and ARI_PASSWORD (ari.user, ari.password) against the PBX's ari.conf`;
  }
  if (isAriError(error, 'ARI_UNREACHABLE') && isTlsRefusal(error.cause)) {
    return `${where} did not answer in TLS (${error.message.replace(/^connect: /, '')}): ARI_URL (ari.url) asks for https://; give http://, or the port of Asterisk's TLS server (http.conf: tlsenable, tlsbindaddr)`;
  }
  if (isAriError(error, 'ARI_UNREACHABLE') || isAriError(error, 'ARI_TIMEOUT')) {
    const reason = networkReason(error.cause) ?? error.message.replace(/^connect: /, '');
    return `${where} could not be reached (${reason}): check that Asterisk runs there with its HTTP server and ARI on (http.conf, ari.conf), and that ARI_URL (ari.url) names it`;
  }
  const said = error instanceof Error ? error.message.replace(/^connect: /, '') : String(error);
  return `${where} did not take the connection (${said}): check that ARI_URL (ari.url) names Asterisk's HTTP server`;
}
