// ARI takes parameters in the query string or in a JSON body ("other keys in the body object are
// interpreted as query parameters"). This merges both into one flat view, body `variables` apart.

import type { FastifyRequest } from 'fastify';
import { badRequest } from '../ari-error.js';

export class Params {
  constructor(
    private readonly values: Map<string, string>,
    readonly variables: Record<string, string>,
  ) {}

  str(name: string): string | undefined {
    return this.values.get(name);
  }

  /** A list parameter: repeated or comma-separated values, flattened. */
  list(name: string): string[] {
    const value = this.values.get(name);
    return value === undefined || value === '' ? [] : value.split(',');
  }

  int(name: string): number | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === '') return undefined;
    const number = Number(value);
    if (!Number.isFinite(number)) throw badRequest(`Invalid value for ${name}`);
    return Math.trunc(number);
  }
}

export function readParams(request: FastifyRequest): Params {
  const values = new Map<string, string>();
  addAll(values, request.query);
  const variables: Record<string, string> = {};
  const body = request.body;
  if (isRecord(body)) {
    for (const [key, value] of Object.entries(body)) {
      if (key === 'variables' && isRecord(value)) {
        for (const [name, v] of Object.entries(value)) variables[name] = scalar(isRecord(v) ? v.value : v);
      } else if (!values.has(key)) {
        values.set(key, scalar(value));
      }
    }
  }
  return new Params(values, variables);
}

/** The path parameter `name` (always present on the routes that ask for it). */
export function pathParam(request: FastifyRequest, name: string): string {
  const params = request.params;
  const value = isRecord(params) ? params[name] : undefined;
  if (typeof value !== 'string') throw badRequest(`Missing path parameter ${name}`);
  return value;
}

function addAll(values: Map<string, string>, source: unknown): void {
  if (!isRecord(source)) return;
  for (const [key, value] of Object.entries(source)) {
    values.set(key, Array.isArray(value) ? value.map(scalar).join(',') : scalar(value));
  }
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
