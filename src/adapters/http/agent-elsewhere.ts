// A change to an agent who is logged in on another engine node (the node that drives the campaign
// they last logged in to) is handed to that node's own API with the caller's token (tokens hold
// on every node of a cluster), so its engine applies it: a manager on any node who stops an agent
// logging in also logs them out where they are, a change of groups reaches their next call, and a
// supervisor on any node logs out, pauses or listens in on an agent and reads what they are doing.

import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Agent } from '../../core/agent.js';
import { getAgent } from '../pg/agent-repository.js';
import type { Pool } from '../pg/pool.js';
import { ApiError } from './api-error.js';
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
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  authorization: string;
}

/** What the other node answered: its status and its JSON body (null when it had none). */
export interface NodeAnswer {
  status: number;
  body: unknown;
}

/** Sends the request to the node at `url`; null when it does not answer in time (logged). */
export async function relayToNode(url: string, request: ForwardedRequest, logger: FastifyBaseLogger): Promise<NodeAnswer | null> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}${request.path}`, {
      method: request.method,
      headers: { authorization: request.authorization, [forwardedHeader]: '1', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(forwardTimeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  } catch (error: unknown) {
    logger.warn({ err: error, url, path: request.path }, 'the node the agent is on did not answer in time, or not in JSON');
    return null;
  }
}

/** Sends a change to the node at `url`; true when it answered with success. A node that does
 * not answer is logged: the change stands in the database for the agent's next login. */
export async function forwardToNode(url: string, request: ForwardedRequest, logger: FastifyBaseLogger): Promise<boolean> {
  const answer = await relayToNode(url, request, logger);
  if (answer && (answer.status < 200 || answer.status > 299)) logger.warn({ url, path: request.path, status: answer.status }, 'the node the agent is on refused the change');
  return answer !== null && answer.status >= 200 && answer.status <= 299;
}

/** The agent as this node's engine holds them, when they are logged in here; null otherwise. */
export function agentLoggedInHere(engine: Pick<EngineApi, 'state'>, agentId: string | null): Agent | null {
  const agent = agentId === null ? undefined : engine.state().agents.get(agentId);
  return agent !== undefined && agent.status !== 'logged_out' ? agent : null;
}

/** The other node an agent not logged in here works on: the driver of the campaign they last
 * logged in to, when that is another node that is running. */
async function agentsOtherNode(pool: Pool, engine: Pick<EngineApi, 'campaignDriver' | 'nodeId' | 'nodeUrl' | 'state'>, agentId: string): Promise<{ nodeId: string; url: string } | null> {
  if (agentLoggedInHere(engine, agentId)) return null;
  const stored = await getAgent(pool, agentId);
  return stored?.campaignId ? otherDriverUrl(engine, stored.campaignId) : null;
}

/**
 * An action on an agent who works on another node, asked of this one: that node's answer, its
 * status set on `reply` and its body for the route to give as its own; null when the agent is not
 * on another node or the request was already handed on once. A node that does not answer is the
 * caller's error to see.
 */
export async function answerFromAgentsNode(
  pool: Pool, engine: Pick<EngineApi, 'campaignDriver' | 'nodeId' | 'nodeUrl' | 'state'>, agentId: string,
  request: FastifyRequest, reply: FastifyReply, body?: unknown,
): Promise<{ body: unknown } | null> {
  if (request.headers[forwardedHeader] !== undefined) return null;
  const node = await agentsOtherNode(pool, engine, agentId);
  if (!node) return null;
  return { body: await answerOfNode(node, `agent ${agentId} works on`, request, reply, body) };
}

/**
 * The request as asked of this node handed to `node` with the caller's token: that node's status
 * set on `reply` and its body, for the route to give as its own. One that does not answer is the
 * caller's error to see, `holding` saying why it was asked (`agent 7 works on`).
 */
export async function answerOfNode(node: { nodeId: string; url: string }, holding: string, request: FastifyRequest, reply: FastifyReply, body?: unknown): Promise<unknown> {
  const answer = await relayToNode(node.url, { method: request.method as ForwardedRequest['method'], path: request.url, body, authorization: request.headers.authorization ?? '' }, request.log);
  if (!answer) throw new ApiError('unavailable', `${holding} engine node ${node.nodeId}, which did not answer: try again, or on that node at ${node.url}`, { node: node.nodeId, url: node.url });
  reply.status(answer.status);
  return answer.body;
}

/** An agent's state as the node they work on gave it. */
export interface StateElsewhere {
  status: string;
  nodeId: string;
  nodeUrl: string;
}

const agentStates = z.array(z.looseObject({ id: z.string(), status: z.string() }));

/**
 * What the agents logged in on other nodes are doing, by agent id: each other node that drives
 * one of `campaignIds` is asked once, with the caller's token. A node that does not answer, or
 * answers what cannot be read, leaves its agents out (logged).
 */
export async function statesOnOtherNodes(
  engine: Pick<EngineApi, 'campaignDriver' | 'nodeId' | 'nodeUrl'>, campaignIds: Iterable<string>, request: FastifyRequest,
): Promise<Map<string, StateElsewhere>> {
  const nodes = new Map<string, string>();
  for (const campaignId of new Set(campaignIds)) {
    const node = await otherDriverUrl(engine, campaignId);
    if (node) nodes.set(node.nodeId, node.url);
  }
  const states = new Map<string, StateElsewhere>();
  await Promise.all([...nodes].map(async ([nodeId, nodeUrl]) => {
    const answer = await relayToNode(nodeUrl, { method: 'GET', path: '/api/agents', authorization: request.headers.authorization ?? '' }, request.log);
    const agents = answer?.status === 200 ? agentStates.safeParse(answer.body) : null;
    if (!agents?.success) {
      if (answer) request.log.warn({ nodeId, status: answer.status }, "another node's agents could not be read");
      return;
    }
    for (const agent of agents.data) if (agent.status !== 'logged_out') states.set(agent.id, { status: agent.status, nodeId, nodeUrl });
  }));
  return states;
}
