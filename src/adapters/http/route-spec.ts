// A route declares its roles, its inputs (zod) and its handler. The app builder turns these into
// fastify routes, the OpenAPI document and the role checks, so no route can skip authorisation.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Role } from '../../config/schema.js';
import type { Principal } from './principal.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  url: string;
  summary: string;
  tags: string[];
  /** Roles allowed; `public` routes (health, readiness) take no token at all. */
  roles: readonly Role[] | 'public';
  /** Why the roles left out are refused, when the route's name alone does not say (said after
   * "role viewer may not GET ..."). */
  refusedBecause?: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The agent the route acts for, from its path: an agent token may only act for itself. */
  actsFor?: (params: P) => string;
  /** What the response is when not JSON (files, CSV); JSON otherwise. */
  produces?: string;
  /** Asked every few seconds by a scraper, a health check or a load balancer: its requests are
   * not logged (its warnings and errors are), so they do not bury the rest of the log. */
  probe?: true;
  handler: (ctx: RouteContext<P, Q, B>) => Promise<unknown>;
}

/** Keeps the type parameters of one route while collecting routes of different shapes. */
export function defineRoute<P, Q, B>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}
