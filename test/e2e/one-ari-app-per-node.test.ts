// Asterisk gives an ARI application's events to the last connection that took its name: two
// nodes under one name would take each other's calls' events, each taking the name back in turn.
// A node whose configured application another running node holds does not start, and says why;
// the running node keeps its application undisturbed, and the refused one leaves no connection
// open behind it. Real nodes, one simulated PBX, one Redis.

import { afterAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { createTestRedis } from '../helpers/redis.js';

const redis = createTestRedis();

/** The Redis connections open now that a node named `nodeId` made (it names its own so). */
async function connectionsOf(nodeId: string): Promise<number> {
  const list = await redis.client('LIST') as string;
  return list.split('\n').filter((line) => line.includes(` name=${nodeId} `)).length;
}

describe('one ARI application per node', () => {
  const nodes: TestNode[] = [];

  afterAll(async () => {
    for (const node of nodes.reverse()) await node.close();
    redis.disconnect();
  });

  it('refuses to start a second node under the application a running node holds, and leaves the first alone', async () => {
    const tag = Date.now();
    const first = await startTestNode({}, 'one-app:', { nodeId: `app-a-${tag}` });
    nodes.push(first);
    await waitUntil(() => first.node.runtime.state().telephonyUp);

    const second = startTestNode({}, 'one-app:', { nodeId: `app-b-${tag}`, pbx: first.pbx });
    second.then((node) => nodes.push(node), () => undefined);
    await expect(second).rejects.toThrow(/the ARI application "outpace" is in use by node app-a-\d+, which is running: give each node its own ari\.app \(ARI_APP\)/);

    expect(first.node.runtime.state().telephonyUp).toBe(true);
    // The refused node closed what it had opened (Redis sees a closed connection go shortly after).
    expect(await connectionsOf(`app-a-${tag}`)).toBe(1);
    await expect.poll(() => connectionsOf(`app-b-${tag}`), { timeout: 15_000 }).toBe(0);
  }, 60_000);

  it('lets a node start under its own application beside it', async () => {
    const tag = Date.now();
    const first = nodes[0]!;
    const other = await startTestNode({}, 'one-app:', { nodeId: `app-c-${tag}`, pbx: first.pbx, ariApp: 'outpace-c' });
    nodes.push(other);
    await waitUntil(() => other.node.runtime.state().telephonyUp);
    expect(first.node.runtime.state().telephonyUp).toBe(true);
  }, 60_000);
});

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
