import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { otherNodesSpools, spoolFileOf, WriteSpool } from './write-spool.js';

const freshDir = () => mkdtemp(join(tmpdir(), 'outpace-spool-test-'));

describe('write spool', () => {
  it('keeps writes in order on disk, dates as dates, for the next run to read back', async () => {
    const dir = await freshDir();
    const { spool } = await WriteSpool.open(dir, 'node-a');
    const at = new Date('2030-01-01T12:00:09.250Z');
    await spool.append({ write: 'attemptClose', args: [{ attemptId: 'a-1', endedAt: at, handovers: [{ at, toAgentId: 'ann' }], note: '2030-01-01T12:00:09.250Z' }] });
    await spool.append({ write: 'hold', args: ['a-1', { heldMs: 0, heldSince: null }] });
    expect(spool.size).toBe(2);

    const { spool: again, unreadable } = await WriteSpool.open(dir, 'node-a');
    expect(unreadable).toBe(0);
    expect(again.first()).toEqual({ write: 'attemptClose', args: [{ attemptId: 'a-1', endedAt: at, handovers: [{ at, toAgentId: 'ann' }], note: '2030-01-01T12:00:09.250Z' }] });
    // A string that looks like a date stays a string; only dates come back as dates.
    const [close] = again.first()?.args as [{ endedAt: unknown; note: unknown }];
    expect(close.endedAt).toBeInstanceOf(Date);
    expect(typeof close.note).toBe('string');

    await again.dropFirst();
    expect(again.first()).toEqual({ write: 'hold', args: ['a-1', { heldMs: 0, heldSince: null }] });
    expect((await readFile(spoolFileOf(dir, 'node-a'), 'utf8')).trim().split('\n')).toHaveLength(1);
    await again.dropFirst();
    expect(again.size).toBe(0);
    expect(await readFile(spoolFileOf(dir, 'node-a'), 'utf8')).toBe('');
  });

  it('reads past a line a dying run left half written, and counts it', async () => {
    const dir = await freshDir();
    await writeFile(spoolFileOf(dir, 'node-a'), '{"write":"hold","args":["a-1",{"heldMs":5,"heldSince":null}]}\n{"write":"attemptCl');
    const { spool, unreadable } = await WriteSpool.open(dir, 'node-a');
    expect(unreadable).toBe(1);
    expect(spool.size).toBe(1);
  });

  it("names other node ids' spools that still hold writes, not its own nor empty ones", async () => {
    const dir = await freshDir();
    const { spool: mine } = await WriteSpool.open(dir, 'node-a');
    await mine.append({ write: 'hold', args: [] });
    const { spool: theirs } = await WriteSpool.open(dir, 'node/b');
    await theirs.append({ write: 'hold', args: [] });
    await writeFile(spoolFileOf(dir, 'node-c'), '');
    expect(await otherNodesSpools(dir, 'node-a')).toEqual([spoolFileOf(dir, 'node/b')]);
    expect(spoolFileOf(dir, 'node/b')).toBe(join(dir, 'writes-node_b.jsonl'));
  });
});
