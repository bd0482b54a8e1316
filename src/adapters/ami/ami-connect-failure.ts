// What the log says when the node cannot log in to the PBX's AMI: where (host and port, never the
// password), why and what to check, where "AMI session lost; reconnecting" with "Authentication
// failed" spoke of a session that had never been open and named neither the address nor a setting.

import { networkReason } from '../service-unreachable-error.js';
import { AmiError } from './ami-session.js';

export function amiConnectFailure(error: unknown, ami: { host: string; port: number; username: string }): string {
  const where = `the PBX's AMI at ${ami.host}:${ami.port}`;
  if (error instanceof AmiError && error.code === 'AMI_AUTH_FAILED') {
    return `${where} refused user "${ami.username}" and its password: check AMI_USER and AMI_PASSWORD (ami.user, ami.password) against the PBX's manager.conf`;
  }
  const reason = (error instanceof AmiError && networkReason(error.cause)) || (error instanceof Error ? error.message : String(error));
  return `${where} could not be reached (${reason}): check that Asterisk runs there with AMI on (manager.conf), and that AMI_HOST and AMI_PORT (ami.host, ami.port) name it, or turn AMI off (AMI_ENABLED=false)`;
}
