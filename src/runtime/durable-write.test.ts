import { describe, expect, it } from 'vitest';
import { isTransientDbError } from '../adapters/pg/transient-error.js';
import { durably } from './durable-write.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const badStatement = Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' });

/** A clock that the waits move on, so nothing really sleeps. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return { waits, clock: () => now, sleep: async (ms: number) => { waits.push(ms); now += ms; } };
}

describe('durably', () => {
  it('tries a write again while the database is away, waiting longer each time, until it lands', async () => {
    const time = fakeTime();
    const retried: number[] = [];
    let tries = 0;
    const result = await durably(async () => {
      tries += 1;
      if (tries < 4) throw refused;
      return 'closed';
    }, { isTransient: isTransientDbError, budgetMs: 60_000, onRetry: (_, n) => retried.push(n), ...time });
    expect(result).toBe('closed');
    expect(time.waits).toEqual([200, 400, 800]);
    expect(retried).toEqual([1, 2, 3]);
  });

  it('passes on an error in the statement at once, and a passing one once the budget is spent', async () => {
    const time = fakeTime();
    await expect(durably(async () => { throw badStatement; }, { isTransient: isTransientDbError, budgetMs: 60_000, ...time })).rejects.toBe(badStatement);
    expect(time.waits).toEqual([]);
    await expect(durably(async () => { throw refused; }, { isTransient: isTransientDbError, budgetMs: 10_000, ...time })).rejects.toBe(refused);
    expect(time.waits).toEqual([200, 400, 800, 1_600, 3_200]);
  });
});

describe('isTransientDbError', () => {
  it('tells a lost or refused connection, a restarting server and a conflict from a bad statement', () => {
    const transient = [
      refused,
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      new Error('Connection terminated unexpectedly'),
      new Error('write failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
    ];
    expect(transient.map(isTransientDbError)).toEqual(transient.map(() => true));
    const lasting = [badStatement, Object.assign(new Error('duplicate key'), { code: '23505' }), new Error('anything else'), 'not an error'];
    expect(lasting.map(isTransientDbError)).toEqual(lasting.map(() => false));
  });
});
