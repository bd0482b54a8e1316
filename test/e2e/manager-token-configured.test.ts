// A node configured with a manager's or an admin's token says nothing of tokens at start (one with
// none warns: serve-log-records.test.ts).

import { afterAll, describe, expect, it } from 'vitest';
import { keptLogger } from '../helpers/kept-logger.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';

describe('a node configured with staff tokens', () => {
  const nodes: TestNode[] = [];
  afterAll(async () => {
    for (const node of nodes) await node.close();
  });

  it('does not warn about tokens at start', async () => {
    const { logger, records } = keptLogger();
    nodes.push(await startTestNode({}, 'manager-token:', { nodeId: `tokens-${Date.now()}`, logger }));
    expect(records.filter((record) => String(record.msg).includes('auth.tokens'))).toEqual([]);
  });
});
