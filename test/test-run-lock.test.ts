import { describe, expect, it } from 'vitest';
import { testRunLockNames } from './helpers/test-run-lock.js';

const shared = (a: string[], b: string[]): string[] => a.filter((name) => b.includes(name));

describe('the test-run locks', () => {
  const mine = testRunLockNames('postgres://postgres@127.0.0.1:5432/outpace_test_a', 'redis://127.0.0.1:6379/10');

  it('make a run wait for one on the same database with another Redis index: setup drops the database', () => {
    expect(shared(mine, testRunLockNames('postgres://postgres@localhost:5432/outpace_test_a', 'redis://127.0.0.1:6379/11'))).toHaveLength(1);
  });

  it('make a run wait for one on the same Redis index with another database: setup flushes the index', () => {
    expect(shared(mine, testRunLockNames('postgres://postgres@127.0.0.1:5432/outpace_test_b', 'redis://127.0.0.1:6379/10'))).toHaveLength(1);
  });

  it('let runs with a database and a Redis index of their own go side by side', () => {
    expect(shared(mine, testRunLockNames('postgres://postgres@127.0.0.1:5432/outpace_test_b', 'redis://127.0.0.1:6379/11'))).toEqual([]);
  });
});
