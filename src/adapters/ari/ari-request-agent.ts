// ari-client sends its REST requests through swagger-client 2.0 and shred, on Node's global HTTP
// agent. Since Node 19 that agent times a socket out after 5 idle seconds, on which shred aborts
// the request and swagger-client drops the error: a reply slower than 5 s (a PBX under load) was
// lost, the request failing only at the connection's request timeout, as if never answered. The
// requests go instead through agents of ours whose sockets outlast that timeout, so how long a
// request may take is the request timeout alone (withTimeout); a request still hung after it is
// then aborted, freeing its socket.

import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createRequire } from 'node:module';

/** The request swagger-client hands each of its authorizations before sending it. */
interface SwaggerRequest {
  url: string;
  headers: Record<string, string>;
  agent?: HttpAgent;
}

interface SwaggerClient {
  authorizations: { add(name: string, authorization: { apply(request: SwaggerRequest): boolean }): void };
}

/** How much longer than the request timeout a socket may stay silent before it is let go. */
const socketGraceMs = 5_000;

/** Sends ari-client's requests through agents whose sockets time out after `requestTimeoutMs`
 * and a grace. swagger-client keeps one list of authorizations for the process (ari-client adds
 * its credentials to it the same way), so the last connection's timeout holds for all. */
export function useAriRequestAgents(requestTimeoutMs: number): void {
  const options = { keepAlive: true, timeout: requestTimeoutMs + socketGraceMs };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  swaggerClient().authorizations.add('outpace-request-agent', {
    apply(request) {
      request.agent = request.url.startsWith('https:') ? https : http;
      // shred names the agent as the User-Agent when one is given.
      request.headers['User-Agent'] = 'Outpace';
      return true;
    },
  });
}

/** The swagger-client ari-client itself loads (its list of authorizations is the one it uses). */
function swaggerClient(): SwaggerClient {
  const ariClientPath = createRequire(import.meta.url).resolve('ari-client');
  return createRequire(ariClientPath)('swagger-client') as SwaggerClient;
}
