// A port for a server a test starts by number (a child process, a config file, a restart on the
// same port). Each Redis index of a run's workers has its own block of ports below the kernel's
// ephemeral range, so two workers, or two runs on the same machine (which hold different indexes),
// never pick the same port, and no connection the kernel numbers takes it between check and bind.

import net from 'node:net';
import { redisIndex } from './test-slots.js';
import { testSlot } from './test-slot.js';

const firstPort = 20000;
const blockSize = 500;
let offset = Math.floor(Math.random() * blockSize);

/** A port of this worker's block nothing listens on right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const blockStart = firstPort + redisIndex(testSlot().redisUrl) * blockSize;
  for (let tried = 0; tried < blockSize; tried += 1) {
    const port = blockStart + (offset % blockSize);
    offset += 1;
    if (await canListen(port, host)) return port;
  }
  throw new Error(`no free port between ${blockStart} and ${blockStart + blockSize - 1}`);
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
