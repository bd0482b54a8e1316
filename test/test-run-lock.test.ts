import { describe, expect, it } from 'vitest';
import { testRunLockNames } from './helpers/test-run-lock.js';
import { testSlots } from './helpers/test-slots.js';

const shared = (a: string[], b: string[]): string[] => a.filter((name) => b.includes(name));
const locks = (database: string, redis: string, workers = 2): string[] => testRunLockNames(database, testSlots(database, redis, workers));

describe('the test-run locks', () => {
  const mine = locks('postgres://postgres@127.0.0.1:5432/outpace_test_a', 'redis://127.0.0.1:6379/10');

  it('make a run wait for one on the same database with other Redis indexes: setup drops the database and its copies', () => {
    expect(shared(mine, locks('postgres://postgres@localhost:5432/outpace_test_a', 'redis://127.0.0.1:6379/5'))).toHaveLength(3);
  });

  it('make a run wait for one sharing a Redis index with another database: setup flushes the index', () => {
    expect(shared(mine, locks('postgres://postgres@127.0.0.1:5432/outpace_test_b', 'redis://127.0.0.1:6379/11'))).toEqual(['outpace test redis 127.0.0.1:6379/10']);
  });

  it('let runs with databases and Redis indexes of their own go side by side', () => {
    expect(shared(mine, locks('postgres://postgres@127.0.0.1:5432/outpace_test_b', 'redis://127.0.0.1:6379/12'))).toEqual([]);
  });

  it('are taken in one order by every run, so two runs never wait for each other', () => {
    expect(mine).toEqual([
      'outpace test database outpace_test_a', 'outpace test database outpace_test_a_1', 'outpace test database outpace_test_a_2',
      'outpace test redis 127.0.0.1:6379/10', 'outpace test redis 127.0.0.1:6379/9',
    ]);
  });
});

describe('the test workers\' databases and Redis indexes', () => {
  it('are copies of the run\'s database, and indexes counting down from the run\'s', () => {
    expect(testSlots('postgres://postgres@127.0.0.1:5432/outpace_test', 'redis://127.0.0.1:6379/15', 3)).toEqual([
      { databaseUrl: 'postgres://postgres@127.0.0.1:5432/outpace_test_1', redisUrl: 'redis://127.0.0.1:6379/15' },
      { databaseUrl: 'postgres://postgres@127.0.0.1:5432/outpace_test_2', redisUrl: 'redis://127.0.0.1:6379/14' },
      { databaseUrl: 'postgres://postgres@127.0.0.1:5432/outpace_test_3', redisUrl: 'redis://127.0.0.1:6379/13' },
    ]);
  });

  it('refuse a Redis index too low for every worker to have its own', () => {
    expect(() => testSlots('postgres://postgres@127.0.0.1:5432/outpace_test', 'redis://127.0.0.1:6379/1', 3)).toThrow(/index 1, and 3 test workers count down from it: give an index of 2 or more/);
  });
});
