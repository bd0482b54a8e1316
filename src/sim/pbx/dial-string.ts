// Parses an originate endpoint into what the simulated PBX needs to know about the far end.

import { allocationFailed, badRequest } from './ari-error.js';

export type FarEndKind = 'customer' | 'agent' | 'unrouted';

export interface DialTarget {
  technology: 'Local' | 'PJSIP' | 'SIP';
  /** The dialled number or extension. */
  number: string;
  /** For Local: the dialplan context; otherwise the trunk or peer after `@`, if any. */
  context: string;
  /** The `dialstring` of Dial events (what follows the technology). */
  dialstring: string;
  kind: FarEndKind;
  /** The channel name without the `-0000001a` suffix Asterisk appends. */
  namePrefix: string;
}

export const customerContext = 'sim-pstn';
export const agentContext = 'sim-agent';

/** Throws the 400 or 500 Asterisk gives for a missing, malformed or unknown endpoint. */
export function parseEndpoint(endpoint: string | undefined): DialTarget {
  if (endpoint === undefined || endpoint === '') throw badRequest('Endpoint must be specified');
  const slash = endpoint.indexOf('/');
  if (slash <= 0 || slash === endpoint.length - 1) throw badRequest('Invalid endpoint specified');
  const technology = endpoint.slice(0, slash);
  const dialstring = endpoint.slice(slash + 1);
  const [resource = '', after = ''] = dialstring.split('/')[0]?.split('@') ?? [];
  if (technology === 'Local') {
    const kind: FarEndKind = after === customerContext ? 'customer' : after === agentContext ? 'agent' : 'unrouted';
    return { technology, number: resource, context: after, dialstring, kind, namePrefix: `Local/${resource}@${after}` };
  }
  if (technology === 'PJSIP' || technology === 'SIP') {
    const peer = after === '' ? resource : after;
    return { technology, number: resource, context: after, dialstring, kind: 'customer', namePrefix: `${technology}/${peer}` };
  }
  throw allocationFailed();
}
