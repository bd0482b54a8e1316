// A REST request to the PBX, from its hand-off to ari-client to its answer or its timeout. Past
// ari.maxConnections a request waits in its agent for a free socket (ari-request-agent.ts), and
// neither ari-client nor Node's agent gives it up when the caller stops waiting: it would go out
// whenever a socket came free, after the engine had taken it as failed (an originate then rings a
// customer as a dial the engine counted as not made). So the HTTP request ari-client makes is
// caught as it is handed to the agent, and one still without a socket at the timeout is dropped,
// certain never to reach the PBX. One that went out may still be acted on: ARI_TIMEOUT says so.

import type { ClientRequest, IncomingMessage } from 'node:http';
import { AriError, toAriError } from './ari-errors.js';

/** The HTTP requests handed to our agents while a send is being made, null outside one. */
let catching: ClientRequest[] | null = null;

/** Called by our agents with each request they are handed (see ari-request-agent.ts). */
export function requestHandedToAgent(request: ClientRequest): void {
  catching?.push(request);
}

/** Sends through `send` (an ari-client operation) and rejects when no answer comes in `ms`: with
 * ARI_NOT_SENT, the request dropped, when it was still waiting for a socket; with ARI_TIMEOUT when
 * it may have reached the PBX. ari-client hands its request to the agent before it returns. */
export function sendWithin<T>(send: () => Promise<T>, ms: number, operation: string): Promise<T> {
  const requests: ClientRequest[] = [];
  catching = requests;
  let answer: Promise<T>;
  try {
    answer = send();
  } finally {
    catching = null;
  }
  const answered = answeredStatus(requests);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (dropIfUnsent(requests)) {
        reject(new AriError('ARI_NOT_SENT', operation, `not sent: no connection to the PBX came free within ${ms} ms (ari.maxConnections are all busy)`));
      } else {
        reject(new AriError('ARI_TIMEOUT', operation, `no answer within ${ms} ms`));
      }
    }, ms);
    answer.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(toAriError(error, operation, answered())); },
    );
  });
}

/** The HTTP status the PBX answered the request with, once it has: ari-client keeps only the
 * body of a refusal, whose text alone misleads (Asterisk's 401 says "Authentication required"). */
function answeredStatus(requests: readonly ClientRequest[]): () => number | undefined {
  let status: number | undefined;
  for (const request of requests) request.once('response', (response: IncomingMessage) => { status = response.statusCode; });
  return () => status;
}

/** True when the request had no socket yet, or one still connecting, and is now destroyed: Node
 * then never writes it. A request not seen handed to an agent of ours may have gone out. */
function dropIfUnsent(requests: readonly ClientRequest[]): boolean {
  const [request] = requests;
  if (request === undefined || requests.length > 1) return false;
  // `socket` is set once the agent has given the request a socket and its bytes are written to it.
  const socket = request.socket as ClientRequest['socket'] | null | undefined;
  if (socket !== null && socket !== undefined && !socket.connecting) return false;
  request.destroy(new Error('dropped unsent: its timeout ran out while it waited for a socket'));
  return true;
}
