// ari-client sends its REST requests through swagger-client 2.0 and shred, on Node's global HTTP
// agent. Since Node 19 that agent times a socket out after 5 idle seconds, on which shred aborts
// the request and swagger-client drops the error: a reply slower than 5 s (a PBX under load) was
// lost, the request failing only at the connection's request timeout, as if never answered. The
// requests go instead through agents of ours whose sockets outlast that timeout, so how long a
// request may take is the request timeout alone (sendWithin); a request still hung after it is
// then aborted, freeing its socket.
// The agents also bound the sockets open to the PBX at once: Asterisk's HTTP server takes no more
// sessions than http.conf's sessionlimit (100 by default) and drops the connections past it, so
// a burst of requests (or a PBX slow to answer them) waits for a free socket here instead; one
// whose timeout runs out as it waits is dropped unsent (ari-request-dispatch.ts).
// The agents are the PBX's, one per PBX (its origin), not the process's: engines in one process
// (the nodes of a test) each connect to a PBX of their own, and one's cap, or its requests held
// by a slow PBX, must not bound or hold up the requests to another. So are the credentials each
// request carries: ari-client sets those of the last client connected on every request of every
// client, which another PBX, with users of its own, refuses.

import { Agent as HttpAgent, globalAgent as httpGlobalAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, globalAgent as httpsGlobalAgent } from 'node:https';
import { createRequire } from 'node:module';
import type { AriConnectOptions } from './ari-port.js';
import { requestHandedToAgent } from './ari-request-dispatch.js';

/** The request swagger-client hands each of its authorizations before sending it. */
interface SwaggerRequest {
  url: string;
  headers: Record<string, string>;
  agent?: HttpAgent;
}

interface SwaggerClient {
  authorizations: {
    add(name: string, authorization: { apply(request: SwaggerRequest): boolean }): void;
    remove(name: string): void;
  };
}

/** Node's agents are handed each request through addRequest, which their typings leave out. */
interface AgentInternals {
  addRequest(request: ClientRequest, options: unknown): void;
}

/** How much longer than the request timeout a socket may stay silent before it is let go. */
const socketGraceMs = 5_000;

/** Sockets to the PBX open at once when the configuration names no number (ari.maxConnections). */
export const defaultAriMaxConnections = 40;

/** The agent of each PBX (by origin), the settings it was made with, and the credentials sent. */
const pbxes = new Map<string, { settings: string; agent: HttpAgent; authorization: string }>();

const hookName = 'outpace-request-agent';

/** Sends ari-client's requests to the PBX at `url` through an agent whose sockets time out after
 * `requestTimeoutMs` and a grace, at most `maxConnections` of them open at once, with the user and
 * password given for it. A reconnect with the same settings keeps the agent, so its sockets stay
 * within the bound rather than adding to those of the last one; connections to one PBX share its
 * agent (its sessionlimit is one), the last one's settings holding. */
export function useAriRequestAgents(options: Pick<AriConnectOptions, 'url' | 'user' | 'password' | 'requestTimeoutMs' | 'maxConnections'>): void {
  const { url, requestTimeoutMs, maxConnections = defaultAriMaxConnections } = options;
  if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new RangeError(`ARI connections must be a positive integer, got ${maxConnections}`);
  const origin = new URL(url).origin;
  const settings = `${requestTimeoutMs}/${maxConnections}`;
  const authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  const known = pbxes.get(origin);
  if (known?.settings === settings) {
    known.authorization = authorization;
  } else {
    const agentOptions = { keepAlive: true, timeout: requestTimeoutMs + socketGraceMs, maxSockets: maxConnections, maxTotalSockets: maxConnections };
    pbxes.set(origin, { settings, authorization, agent: handingOver(url.startsWith('https:') ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions)) });
  }
  keepRequestHookLast();
}

/** swagger-client keeps one list of authorizations for the process, applied in the order they
 * were added, and ari-client adds its credentials to it at each connect: the hook of ours, added
 * again after it, has the last word on each request's agent and credentials, by its origin. Called
 * again once a client has connected, as ari-client's first connect adds its own. */
export function keepRequestHookLast(): void {
  const { authorizations } = swaggerClient();
  authorizations.remove(hookName);
  authorizations.add(hookName, {
    apply(request) {
      const pbx = pbxes.get(new URL(request.url).origin);
      if (pbx !== undefined) {
        request.agent = pbx.agent;
        request.headers.Authorization = pbx.authorization;
      }
      // shred names the agent as the User-Agent when one is given.
      request.headers['User-Agent'] = 'Outpace';
      return true;
    },
  });
}

/** The agent, telling each request it is handed to the request's sender (ari-request-dispatch.ts). */
function handingOver<A extends HttpAgent>(agent: A): A {
  const internals = agent as unknown as AgentInternals;
  const addRequest = internals.addRequest.bind(agent);
  internals.addRequest = (request, options) => {
    requestHandedToAgent(request);
    addRequest(request, options);
  };
  return agent;
}

/** ari-client asks for the API description once on its own before loading it, through Node's
 * global agent, which keeps that socket open (idle, a session of the PBX's) for 5 s beyond the
 * bound: closed once the client has connected, as nothing of ours goes through that agent to ARI. */
export function closeLibraryIdleSockets(url: string): void {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const agent = https ? httpsGlobalAgent : httpGlobalAgent;
  const port = target.port === '' ? (https ? 443 : 80) : Number(target.port);
  const name = agent.getName({ host: target.hostname, port });
  for (const socket of agent.freeSockets[name] ?? []) socket.destroy();
}

/** The swagger-client ari-client itself loads (its list of authorizations is the one it uses). */
function swaggerClient(): SwaggerClient {
  const ariClientPath = createRequire(import.meta.url).resolve('ari-client');
  return createRequire(ariClientPath)('swagger-client') as SwaggerClient;
}
