// The database and Redis index of the worker running this test file (see test-slots.ts).

import { inject } from 'vitest';
import type { TestSlot } from './test-slots.js';

export function testSlot(): TestSlot {
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  const slot = inject('testSlots')[worker - 1];
  if (slot === undefined) throw new Error(`test worker ${worker} has no database: global setup made ${inject('testSlots').length}`);
  return slot;
}
