import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('event queue', () => {
  it('pops in time order, ties in scheduling order', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
      const queue = new EventQueue();
      const order: [number, number][] = [];
      times.forEach((t, i) => queue.schedule(t, () => order.push([t, i])));
      for (let a = queue.pop(); a; a = queue.pop()) a.run();
      const expected = times.map((t, i): [number, number] => [t, i]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      expect(order).toEqual(expected);
    }));
  });
});
