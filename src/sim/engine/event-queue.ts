// A binary min-heap of timed actions in virtual time. Ties run in the order they were scheduled,
// so a simulation is reproducible bit for bit.

export interface TimedAction {
  atMs: number;
  seq: number;
  run: () => void;
}

export class EventQueue {
  private heap: TimedAction[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(atMs: number, run: () => void): void {
    this.heap.push({ atMs, seq: this.seq++, run });
    this.siftUp(this.heap.length - 1);
  }

  peekTime(): number | null {
    return this.heap[0]?.atMs ?? null;
  }

  pop(): TimedAction | null {
    const top = this.heap[0];
    if (top === undefined) return null;
    const last = this.heap.pop();
    if (last !== undefined && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private before(a: TimedAction, b: TimedAction): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const item = heap[i];
      const above = heap[parent];
      if (item === undefined || above === undefined || !this.before(item, above)) break;
      heap[i] = above;
      heap[parent] = item;
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      const s = heap[smallest];
      const l = heap[left];
      const r = heap[right];
      if (l !== undefined && s !== undefined && this.before(l, s)) smallest = left;
      const m = heap[smallest];
      if (r !== undefined && m !== undefined && this.before(r, m)) smallest = right;
      if (smallest === i) return;
      const a = heap[i];
      const b = heap[smallest];
      if (a === undefined || b === undefined) return;
      heap[i] = b;
      heap[smallest] = a;
      i = smallest;
    }
  }
}
