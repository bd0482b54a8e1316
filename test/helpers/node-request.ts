// A JSON request to a test node's API with one role's token, answered with the status and the
// parsed body whatever the status: the API tests check refusals as closely as answers.

import { roleTokens, type TestNode } from './outpace-node.js';

export interface NodeAnswer<T> {
  status: number;
  body: T;
}

export async function nodeRequest<T>(node: TestNode, method: string, path: string, body?: unknown, token = roleTokens.manager): Promise<NodeAnswer<T>> {
  const response = await fetch(`${node.node.url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}
