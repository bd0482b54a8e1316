// A node started without NODE_ID names itself for that run and says so at start: after a restart
// under another name, what its spool kept and the calls it left are nobody's to take up.

import { afterAll, describe, expect, it } from 'vitest';
import { keptLogger } from '../helpers/kept-logger.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';

describe('a node started without NODE_ID', () => {
  const nodes: TestNode[] = [];
  afterAll(async () => {
    for (const node of nodes) await node.close();
  });

  it('names itself after its host and process, and warns', async () => {
    const { logger, records } = keptLogger();
    nodes.push(await startTestNode({}, 'node-id-unset:', { nodeId: '', logger }));
    const warning = records.find((record) => String(record.msg).startsWith('NODE_ID is not set'));
    expect(warning).toMatchObject({ level: 40, nodeId: expect.stringMatching(new RegExp(`-${process.pid}$`)) });
  });

  it('says nothing of it when NODE_ID is set', async () => {
    const { logger, records } = keptLogger();
    nodes.push(await startTestNode({}, 'node-id-set:', { nodeId: `named-${Date.now()}`, logger }));
    expect(records.filter((record) => String(record.msg).includes('NODE_ID'))).toEqual([]);
  });
});
