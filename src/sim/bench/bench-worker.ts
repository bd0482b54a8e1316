// Worker thread: runs benchmark tasks it is sent and posts each result back.

import { parentPort } from 'node:worker_threads';
import { runTask, type BenchTask } from './bench-task.js';

parentPort?.on('message', (task: BenchTask) => {
  parentPort?.postMessage(runTask(task));
});
