// Wall-clock timers scaled by timeScale, so tests can run the PBX many times faster than life.

export type Cancel = () => void;

export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly timeScale: number) {}

  /** Runs `fn` after `simMs` simulated milliseconds; the returned function cancels it. */
  after(simMs: number, fn: () => void): Cancel {
    if (this.closed) return () => undefined;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, simMs * this.timeScale));
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Simulated milliseconds elapsed between two wall-clock instants. */
  simElapsed(fromWallMs: number, toWallMs: number): number {
    return this.timeScale > 0 ? (toWallMs - fromWallMs) / this.timeScale : 0;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
