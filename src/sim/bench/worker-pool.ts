// Runs benchmark tasks on a few worker threads (one per core by default), in order of cost so
// the longest runs start first, and reports progress as results arrive.

import { startWorker } from '../worker-boot.js';
import type { BenchTask, BenchTaskResult } from './bench-task.js';

export async function runPool(tasks: readonly BenchTask[], threads: number, onResult: (r: BenchTaskResult, done: number) => void): Promise<BenchTaskResult[]> {
  const queue = [...tasks].sort((a, b) => cost(b) - cost(a));
  const results: BenchTaskResult[] = [];
  const workers = Array.from({ length: Math.max(1, Math.min(threads, queue.length)) }, () => startWorker('bench-worker', import.meta.url));
  await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
    const next = (): void => {
      const task = queue.shift();
      if (!task) {
        void worker.terminate().then(() => resolve());
        return;
      }
      worker.postMessage(task);
    };
    worker.on('message', (result: BenchTaskResult) => {
      results.push(result);
      onResult(result, results.length);
      next();
    });
    worker.on('error', reject);
    next();
  })));
  return results;
}

function cost(task: BenchTask): number {
  return task.cell.agents * task.cell.hours * (task.pacer.startsWith('predictive') ? 2 : 1);
}
