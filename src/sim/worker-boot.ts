// Starts a worker thread on a module of this project, whether it runs from source under tsx
// (the worker needs the same loader) or built to plain JavaScript.

import { Worker } from 'node:worker_threads';

/** A worker on the module `name` (without extension) beside `fromUrl` (the caller's import.meta.url). */
export function startWorker(name: string, fromUrl: string): Worker {
  const fromSource = fromUrl.endsWith('.ts');
  const workerUrl = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, fromUrl);
  const boot = fromSource
    ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`
    : `import(${JSON.stringify(workerUrl.href)})`;
  return new Worker(boot, { eval: true });
}
