// Builds the HTTP application from route specs: authentication and role checks for every route,
// zod validation of params, query and body, one error format, and the OpenAPI document.
// It never listens; the caller does.

import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import { z } from 'zod';
import type { Logger } from 'pino';
import { DbError, type DbErrorCode } from '../pg/db-error.js';
import { assertActsAs } from './acts-as.js';
import { ApiError } from './api-error.js';
import type { Authenticator } from './authenticate.js';
import type { Principal } from './principal.js';
import type { RouteSpec } from './route-spec.js';
import type { SignInGuard } from './sign-in-guard.js';
import { validationIssues, validationMessage } from './validation-messages.js';

export interface BuildAppOptions {
  routes: readonly RouteSpec[];
  authenticate: Authenticator;
  logger: Logger;
  /** Extra plugins (static pages, WebSockets) registered after the routes. */
  plugins?: ReadonlyArray<(app: FastifyInstance) => Promise<void>>;
  /** Refuses an address that offered too many wrong tokens, before its next is looked up. */
  signInGuard?: SignInGuard;
  /** Proxies (addresses or networks) whose X-Forwarded-For names the client: behind one, every
   * client would otherwise share its address, and one guessing tokens would lock all out. */
  trustProxy?: readonly string[];
  /** While true (the node's engine is starting), every route but the probes answers 503: the port
   * opens before a start that may be slow, so liveness answers meanwhile. */
  starting?: () => boolean;
}

/** The largest JSON body a route reads (fastify's default). */
const jsonBodyLimitBytes = 1024 * 1024;

/**
 * On every answer. The pages keep their token in the browser: they run only their own scripts
 * and styles (none inline), talk only to this node (its live streams too), and are never framed
 * by another page (a supervisor's Barge or Log out clicked through a disguise).
 */
const securityHeaders = {
  'content-security-policy': "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** Storage errors that describe the request, not the server. */
const dbErrorStatus: Partial<Record<DbErrorCode, number>> = {
  NOT_FOUND: 404,
  UNKNOWN_DISPOSITION: 400,
  CALLBACK_TIME_REQUIRED: 400,
  NOTES_REQUIRED: 400,
  INVALID_ARGUMENT: 400,
  CONFLICT: 409,
};

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** A liveness or readiness probe's route: answered while the node starts. */
    probe?: boolean;
  }
}

/** How long a caller turned away during the node's start waits before trying again. */
const startingRetryAfterSeconds = 5;

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // JSON bodies: no route takes more than a campaign's script and settings. Files (lead lists,
    // DNC files) come as streams with their own limit (upload-body.ts).
    bodyLimit: jsonBodyLimitBytes,
    trustProxy: options.trustProxy?.length ? [...options.trustProxy] : false,
  }) as unknown as FastifyInstance;
  app.decorateRequest('principal', null);
  acceptEmptyJson(app);
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Outpace API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(error.status).send({ error: error.code, message: error.message, details: error.details });
    }
    if (error instanceof DbError) {
      const status = dbErrorStatus[error.code] ?? 500;
      if (status < 500) return reply.status(status).send({ error: error.code.toLowerCase(), message: error.detail });
    }
    // An id or cursor past what the database's numbers hold names nothing there is.
    const sqlState = (error as { code?: unknown }).code;
    if (sqlState === '22003') {
      return reply.status(400).send({ error: 'invalid_request', message: 'a number in the request is out of range (ids and cursors are at most 9223372036854775807)' });
    }
    // Any other value the database cannot take (a NUL character in text, a time past its range):
    // the request's fault, refused whole (its transaction rolled back).
    if (typeof sqlState === 'string' && sqlState.startsWith('22') && error instanceof Error) {
      // The database's own words stay in the log: they name its types and encodings.
      request.log.warn({ err: error }, 'request refused: a value the database cannot take');
      return reply.status(400).send({ error: 'invalid_request', message: 'a value in the request cannot be stored: a NUL character in text, or a number, date or time out of range' });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send({ error: 'invalid_request', message: (error as Error).message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal', message: 'internal error' });
  });
  const { starting } = options;
  if (starting) {
    app.addHook('onRequest', async (request) => {
      if (starting() && request.routeOptions.config.probe !== true) {
        throw new ApiError('unavailable', 'this node is starting: try again in a few seconds', undefined, startingRetryAfterSeconds);
      }
    });
  }
  for (const route of options.routes) registerRoute(app, route, options.authenticate, options.signInGuard);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const plugin of options.plugins ?? []) await plugin(app);
  return app;
}

/** A JSON content type with no body (a client that sets it on every request, e.g. for
 * POST /api/agents/{id}/ready) is read as no body, not refused: a route that wants one says
 * which fields. Other bodies go through fastify's own parser (its guards against __proto__). */
function acceptEmptyJson(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: jsonBodyLimitBytes }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    json(request, text, done);
  });
}

function registerRoute(app: FastifyInstance, route: RouteSpec, authenticate: Authenticator, guard: SignInGuard | undefined): void {
  app.route({
    method: route.method,
    url: route.url,
    schema: {
      summary: route.summary,
      tags: route.tags,
      ...(route.roles === 'public' ? {} : { security: [{ bearer: [] }], description: `Roles: ${route.roles.join(', ')}` }),
      ...(route.params ? { params: z.toJSONSchema(route.params, { io: 'input' }) } : {}),
      ...(route.query ? { querystring: z.toJSONSchema(route.query, { io: 'input' }) } : {}),
      ...(route.body ? { body: z.toJSONSchema(route.body, { io: 'input' }) } : {}),
    },
    // Validation is zod's, in the handler below; the JSON schemas above document the API.
    validatorCompiler: () => () => true,
    ...(route.probe ? { logLevel: 'warn', config: { probe: true } } : {}),
    // Before the body is read: a caller without a valid token has nothing of theirs read or parsed.
    onRequest: async (request) => {
      request.principal = await authorise(route, request, authenticate, guard);
    },
    handler: async (request, reply) => {
      const { principal } = request;
      const params = parse(route.params, request.params, 'path');
      if (principal && route.actsFor) assertActsAs(principal, route.actsFor(params));
      const result = await route.handler({
        principal: principal ?? { id: 'anonymous', role: 'viewer', name: 'anonymous', agentId: null },
        params,
        query: parse(route.query, request.query, 'query'),
        body: parse(route.body, request.body, 'body'),
        request,
        reply,
      });
      if (reply.sent) return reply;
      return result ?? reply.status(204).send();
    },
  });
}

async function authorise(route: RouteSpec, request: FastifyRequest, authenticate: Authenticator, guard: SignInGuard | undefined): Promise<Principal | null> {
  if (route.roles === 'public') return null;
  const waitMs = guard?.waitMs(request.ip) ?? 0;
  if (waitMs > 0) throw tooManyFailures(waitMs);
  const principal = await authenticate(request.headers.authorization);
  if (!principal) {
    // A missing token is no guess: only one offered counts.
    if (request.headers.authorization !== undefined) guard?.noteFailure(request.ip);
    throw new ApiError('unauthenticated', 'a valid bearer token is required');
  }
  if (!route.roles.includes(principal.role)) {
    const why = route.refusedBecause ? `: ${route.refusedBecause}` : '';
    throw new ApiError('forbidden', `role ${principal.role} may not ${route.method} ${route.url}${why}`);
  }
  return principal;
}

function tooManyFailures(waitMs: number): ApiError {
  const seconds = Math.ceil(waitMs / 1000);
  return new ApiError('too_many_failures', `too many wrong tokens from this address; try again in ${seconds} s`, undefined, seconds);
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const input = value ?? {};
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = validationIssues(schema, input, where, result.error.issues);
  throw new ApiError('invalid_request', validationMessage(issues), issues);
}
