import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { maskNumbersInText, maskPhoneValue } from './mask-phone-digits.js';

function capture(): { lines: () => Record<string, unknown>[]; raw: () => string; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const raw = () => chunks.join('');
  const lines = () => raw().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, raw, stream };
}

describe('maskNumbersInText', () => {
  it('keeps the last 4 digits of long numbers, fewer of short ones', () => {
    expect(maskNumbersInText('+15551234567')).toBe('+*******4567');
    expect(maskNumbersInText('call 07700900123 now')).toBe('call *******0123 now');
    expect(maskNumbersInText('12345678')).toBe('*****678');
    expect(maskNumbersInText('1234567')).toBe('*****67');
  });

  it('masks numbers inside dial strings', () => {
    expect(maskNumbersInText('Local/15551234567@sim-pstn')).toBe('Local/*******4567@sim-pstn');
  });

  it('leaves short digit runs, UUIDs and Asterisk unique ids alone', () => {
    expect(maskNumbersInText('agent 1001 in 123456')).toBe('agent 1001 in 123456');
    const id = '550e8400-e29b-41d4-a716-446655440000';
    expect(maskNumbersInText(`attempt ${id}`)).toBe(`attempt ${id}`);
    expect(maskNumbersInText('channel 1700000000.42')).toBe('channel 1700000000.42');
  });

  it('masks numeric values under a phone-like key', () => {
    expect(maskPhoneValue(15551234567)).toBe('*******4567');
    expect(maskPhoneValue('555 0100')).toBe('*** **00');
  });
});

describe('createLogger', () => {
  it('masks phone-like keys, nested strings and the message', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream, level: 'info' });
    log.info(
      { phone: '+15551234567', lead: { e164: '+447700900123' }, detail: { deeper: { note: 'dial 15559876543' } }, attemptId: '550e8400-e29b-41d4-a716-446655440000' },
      'originating to +15551112222',
    );
    const [record] = out.lines();
    expect(record?.phone).toBe('+*******4567');
    expect(record?.lead).toEqual({ e164: '+********0123' });
    expect(record?.detail).toEqual({ deeper: { note: 'dial *******6543' } });
    expect(record?.attemptId).toBe('550e8400-e29b-41d4-a716-446655440000');
    expect(record?.msg).toBe('originating to +*******2222');
    expect(out.raw()).not.toMatch(/555123|447700900|15559876|555111/);
  });

  it("keeps the engine's ids readable, and masks numbers beside them, under a caller id and in ids people give", () => {
    const out = capture();
    const log = createLogger({ destination: out.stream, level: 'info' });
    log.info({
      sessionId: 'sup-bot-02-1796521926098', channelId: 'agent-bot-02-1796521926096', channel_ids: ['agent-a1-1796521926097'],
      customerChannelId: 'call-a1-1796521926099', agentId: '2125550100', callerId: 'Acme-15551234567', defaultCallerId: 'Acme-15551234568',
      externalId: 'CUST-2125550101', agentIds: ['ext-2125550102'], note: 'sup-bot-02-1796521926098 heard 15559876543',
    }, 'supervision ended');
    const [record] = out.lines();
    expect(record).toMatchObject({ sessionId: 'sup-bot-02-1796521926098', channelId: 'agent-bot-02-1796521926096', channel_ids: ['agent-a1-1796521926097'], customerChannelId: 'call-a1-1796521926099' });
    // Not an identifier the engine makes, or not under its key: masked as before.
    expect(record?.agentId).toBe('******0100');
    expect(record?.callerId).toBe('Acme-*******4567');
    expect(record?.defaultCallerId).toBe('Acme-*******4568');
    expect(record?.externalId).toBe('CUST-******0101');
    expect(record?.agentIds).toEqual(['ext-******0102']);
    // An id of the engine's in free text is an id there too.
    expect(record?.note).toBe('sup-bot-02-1796521926098 heard *******6543');
  });

  it('masks a number in a message however it is written, and keeps the ids beside it', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream });
    log.warn('channel 1733400000.123 of attempt 12345678-1234-4234-8234-123456789012 asked for (212) 555-0100, then +44 20 7946 0958');
    const [record] = out.lines();
    expect(record?.msg).toBe('channel 1733400000.123 of attempt 12345678-1234-4234-8234-123456789012 asked for (***) ***-0100, then +** ** **** 0958');
  });

  it('masks child bindings and error messages', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream }).child({ endpoint: 'PJSIP/15551234567@carrier' });
    log.error({ err: new Error('no route to 15551234567') }, 'failed');
    const [record] = out.lines();
    expect(record?.endpoint).toBe('PJSIP/*******4567@carrier');
    expect(JSON.stringify(record?.err)).not.toContain('15551234567');
  });

  it("masks the numbers of an error's other fields and of its cause: a database's detail names the row it refused", () => {
    const out = capture();
    const log = createLogger({ destination: out.stream });
    const refused = Object.assign(new Error('new row for relation "attempts" violates check constraint'), {
      code: '23514', detail: 'Failing row contains (5dd30ac5, 1, 3, +16463344033, created).',
    });
    const wrapped = new Error('the write failed', { cause: Object.assign(new Error('key (e164)=(+442079460958) already exists'), { detail: 'Key (e164)=(+442079460958)' }) });
    log.error({ err: refused }, 'refused');
    log.error({ err: wrapped }, 'wrapped');
    const raw = out.raw();
    expect(raw).not.toMatch(/6463344033|2079460958/);
    const [first] = out.lines();
    expect(first?.err).toMatchObject({ code: '23514', detail: 'Failing row contains (5dd30ac5, 1, 3, +*******4033, created).' });
  });

  it('honours the level', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream, level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    expect(out.lines().map((r) => r.msg)).toEqual(['shown']);
  });
});

describe('maskNumbersInText on what people write', () => {
  it('masks numbers as people write them, keeping the last four digits and the punctuation, and leaves dates and small figures', () => {
    expect(maskNumbersInText('(555) 010-0199')).toBe('(***) ***-0199');
    expect(maskNumbersInText('mobile +1 555-010-0199, desk 555.010.0123')).toBe('mobile +* ***-***-0199, desk ***.***.0123');
    expect(maskNumbersInText('+15551234567')).toBe('+*******4567');
    for (const kept of ['2024-01-15', '2024-01-15 09:30', 'seats 12', 'ref 12-34', '12.5 kg']) expect(maskNumbersInText(kept)).toBe(kept);
  });
});

describe("the HTTP server's request lines", () => {
  it('mask a number in the address, typed plainly, URL-encoded or as people write it, and keep the rest', async () => {
    const { default: Fastify } = await import('fastify');
    const out = capture();
    const app = Fastify({ loggerInstance: createLogger({ destination: out.stream }) });
    app.get('/api/leads', async () => ({ ok: true }));
    app.get('/api/dnc/check', async () => ({ ok: true }));
    app.get('/api/attempts/:id', async () => ({ ok: true }));
    app.delete('/api/dnc/:e164', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/api/leads?phone=%2B15551234567&campaignId=3' });
    await app.inject({ method: 'DELETE', url: '/api/dnc/+15557654321' });
    // A number taken off as a manager typed it, in the path.
    await app.inject({ method: 'DELETE', url: `/api/dnc/${encodeURIComponent('(650) 555-0177')}?region=US` });
    // A search box's text as typed, sent by a form (spaces as +) or by URLSearchParams.
    await app.inject({ method: 'GET', url: `/api/leads?${new URLSearchParams({ phone: '(650) 555-0199' }).toString()}` });
    await app.inject({ method: 'GET', url: '/api/dnc/check?phone=650-555-0188' });
    // Ids and times stay readable; a token is never logged.
    await app.inject({ method: 'GET', url: '/api/attempts/00000000-0000-4000-8000-000000000000?from=2024-01-15T09:30:00Z&token=op_secret' });
    await app.close();
    expect(out.raw()).not.toMatch(/5551234567|5557654321|555.?0199|555.?0188|555.?0177|op_secret/);
    const requests = out.lines().filter((line) => line.msg === 'incoming request').map((line) => line.req as { method: string; url: string });
    expect(requests).toEqual([
      expect.objectContaining({ method: 'GET', url: '/api/leads?phone=+*******4567&campaignId=3', remoteAddress: '127.0.0.1' }),
      expect.objectContaining({ method: 'DELETE', url: '/api/dnc/+*******4321' }),
      expect.objectContaining({ method: 'DELETE', url: '/api/dnc/(***) ***-0177?region=US' }),
      expect.objectContaining({ url: '/api/leads?phone=(***) ***-0199' }),
      expect.objectContaining({ url: '/api/dnc/check?phone=***-***-0188' }),
      expect.objectContaining({ url: '/api/attempts/00000000-0000-4000-8000-000000000000?from=2024-01-15T09:30:00Z&token=[redacted]' }),
    ]);
  });
});
