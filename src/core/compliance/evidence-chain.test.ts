import { describe, expect, it } from 'vitest';
import { canonicalEntry, chainGenesisHash, checkEnd, checkLink, type ChainedEntry } from './evidence-chain.js';

const entry: ChainedEntry = {
  id: '42', at: '2026-12-06T17:08:13.123456Z', campaignId: '7', kind: 'abandon', attemptId: null, leadId: '9', payload: '{"e164": "+12125550100", "note": "a \\"b\\""}',
};
/** A stand-in digest that shows what was hashed. */
const digest = (text: string): string => `<${text}>`;

describe('the evidence chain', () => {
  it("writes an entry as jsonb writes the array of its fields, texts quoted and absent ones null", () => {
    expect(canonicalEntry(3, entry)).toBe('[3, 42, "2026-12-06T17:08:13.123456Z", 7, "abandon", null, 9, {"e164": "+12125550100", "note": "a \\"b\\""}]');
    expect(canonicalEntry(1, { ...entry, campaignId: null, attemptId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', kind: 'a\nb' }))
      .toBe('[1, 42, "2026-12-06T17:08:13.123456Z", null, "a\\nb", "1b4e28ba-2fa1-11d2-883f-0016d3cca427", 9, {"e164": "+12125550100", "note": "a \\"b\\""}]');
  });

  it('takes a link whose hash is that of the hash before it followed by its entry', () => {
    const hash = digest(chainGenesisHash + canonicalEntry(1, entry));
    expect(checkLink({ position: 0, hash: chainGenesisHash }, { position: 1, entryId: '42', hash, entry }, digest)).toBeNull();
  });

  it('says where and why a link does not follow: content changed, entry gone, positions skipped', () => {
    const previous = { position: 4, hash: 'h4' };
    const hash = digest(`h4${canonicalEntry(5, entry)}`);
    expect(checkLink(previous, { position: 5, entryId: '42', hash, entry: { ...entry, payload: '{}' } }, digest)?.reason)
      .toBe('entry 42 at position 5 does not match its hash: the entry or its hash was changed after it was written');
    expect(checkLink({ position: 4, hash: 'other' }, { position: 5, entryId: '42', hash, entry }, digest)?.position).toBe(5);
    expect(checkLink(previous, { position: 5, entryId: '42', hash, entry: null }, digest))
      .toEqual({ position: 5, entryId: '42', reason: 'entry 42 at position 5 is no longer in the evidence log' });
    expect(checkLink(previous, { position: 6, entryId: '42', hash, entry }, digest))
      .toEqual({ position: 5, entryId: null, reason: 'the chain skips from position 4 to 6: the entry at position 5 is missing' });
    expect(checkLink(previous, { position: 8, entryId: '42', hash, entry }, digest)?.reason)
      .toBe('the chain skips from position 4 to 8: the entries at positions 5 to 7 are missing');
  });

  it('says a chain that ends before its sealed head lost its last entries', () => {
    expect(checkEnd({ position: 3, hash: 'h3' }, { position: 3, hash: 'h3' })).toBeNull();
    expect(checkEnd({ position: 2, hash: 'h2' }, { position: 3, hash: 'h3' })?.reason)
      .toBe('the chain was sealed up to position 3 but ends at 2: the entries after it were removed');
  });
});
