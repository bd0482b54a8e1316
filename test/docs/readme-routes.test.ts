// The README's API table names every route the API serves, and its examples work as written:
// a manager copies them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRoutes, type RouteDeps } from '../../src/cli/all-routes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The routes table: from its header row to the first line that is not a table row. */
function apiTable(): string {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.startsWith('| area | routes |'));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start, end).join('\n');
}

/** Every `/api/...` route the app serves (building the routes touches none of their dependencies). */
function apiRoutes(): string[] {
  const stub: RouteDeps = new Proxy({}, { get: () => stub }) as RouteDeps;
  return [...new Set(allRoutes(stub).map((route) => route.url).filter((url) => url.startsWith('/api/')))];
}

function allRoutesWithMethods(): Array<{ method: string; url: string }> {
  const stub: RouteDeps = new Proxy({}, { get: () => stub }) as RouteDeps;
  return allRoutes(stub).map((route) => ({ method: route.method, url: route.url }));
}

/** Each `METHOD[/METHOD] /path[|alternative]` of the table as `METHOD /path` pairs. */
function tableRoutes(table: string): string[] {
  return [...table.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE)(?:\/(?:GET|POST|PUT|PATCH|DELETE))*) (\/[^`?\s]*)/g)].flatMap((match) => {
    const segments = (match[2] ?? '').split('/');
    const last = segments.pop() ?? '';
    return (match[1] ?? '').split('/').flatMap((method) => last.split('|').map((alternative) => `${method} ${[...segments, alternative].join('/')}`));
  });
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The table names `url` as written, or its last segment among a|b|c alternatives. */
function tableNames(table: string, url: string): boolean {
  const segments = url.split('/').map((segment) => (segment.startsWith(':') ? '\\{\\w+\\}' : escaped(segment)));
  const last = segments.pop() ?? '';
  return new RegExp(`${segments.join('/')}/([\\w.-]+\\|)*${last}(\\|[\\w.-]+)*(?![\\w.-])`).test(table);
}

describe('the README', () => {
  it("names every API route in its routes table", () => {
    const table = apiTable();
    expect(apiRoutes().filter((url) => !tableNames(table, url))).toEqual([]);
  });

  it('names each route with the methods it serves, and no route the API does not serve', () => {
    const served = new Set(allRoutesWithMethods().map(({ method, url }) => `${method} ${url.replace(/:\w+/g, '{}')}`));
    const named = tableRoutes(apiTable()).map((route) => route.replace(/\{\w+\}/g, '{}'));
    expect(named.filter((route) => !served.has(route))).toEqual([]);
  });

  it('gives callback examples that do not go out of date', () => {
    expect([...readme.matchAll(/"dueLocal": "(\d{4}-\d{2}-\d{2})/g)].map((match) => match[1])).toEqual([]);
  });
});
