// Runs benchmark tasks on a few worker threads (one per core by default), in order of cost so
// the longest runs start first, and reports progress as results arrive.

import { Worker } from 'node:worker_threads';
import type { BenchTask, BenchTaskResult } from './bench-task.js';

export async function runPool(tasks: readonly BenchTask[], threads: number, onResult: (r: BenchTaskResult, done: number) => void): Promise<BenchTaskResult[]> {
  const queue = [...tasks].sort((a, b) => cost(b) - cost(a));
  const results: BenchTaskResult[] = [];
  // Under tsx the worker is TypeScript too and needs the same loader; built, it is plain JS.
  const fromSource = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(fromSource ? './bench-worker.ts' : './bench-worker.js', import.meta.url);
  const boot = fromSource
    ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`
    : `import(${JSON.stringify(workerUrl.href)})`;
  const workers = Array.from({ length: Math.max(1, Math.min(threads, queue.length)) }, () => new Worker(boot, { eval: true }));
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
