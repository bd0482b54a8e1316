// A change to an agent who is logged in on another engine node (the node that drives the campaign
// they last logged in to) is handed to that node's own API with the caller's token (tokens hold
// on every node of a cluster), so its engine applies it: a manager on any node who stops an agent
// logging in also logs them out where they are, and a change of groups reaches their next call.

import type { FastifyBaseLogger } from 'fastify';
import type { EngineApi } from './engine-api.js';

/** Marks a request one node handed to another, which must not hand it on again. */
export const forwardedHeader = 'x-outpace-forwarded';

/** Longest a node waits for the other to answer. */
const forwardTimeoutMs = 3_000;

/** The address of the node that drives `campaignId`, when that is another node that has said where it is. */
export async function otherDriverUrl(engine: Pick<EngineApi, 'campaignDriver' | 'nodeId' | 'nodeUrl'>, campaignId: string): Promise<{ nodeId: string; url: string } | null> {
  const driver = await engine.campaignDriver(campaignId);
  if (driver === null || driver === engine.nodeId()) return null;
  const url = await engine.nodeUrl(driver);
  return url ? { nodeId: driver, url } : null;
}

export interface ForwardedRequest {
  method: 'PUT' | 'POST';
  path: string;
  body: unknown;
  authorization: string;
}

/** Sends the request to the node at `url`; true when it answered with success. A node that does
 * not answer is logged: the change stands in the database for the agent's next login. */
export async function forwardToNode(url: string, request: ForwardedRequest, logger: FastifyBaseLogger): Promise<boolean> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}${request.path}`, {
      method: request.method,
      headers: { authorization: request.authorization, 'content-type': 'application/json', [forwardedHeader]: '1' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(forwardTimeoutMs),
    });
    if (!response.ok) logger.warn({ url, path: request.path, status: response.status }, 'the node the agent is on refused the change');
    return response.ok;
  } catch (error: unknown) {
    logger.warn({ err: error, url, path: request.path }, 'the node the agent is on did not answer; the change applies at their next login');
    return false;
  }
}
