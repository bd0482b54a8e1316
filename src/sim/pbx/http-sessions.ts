// The HTTP sessions (TCP connections) open to the simulated PBX, as Asterisk's HTTP server counts
// them against http.conf's sessionlimit: how many are open, the most ever open at once, and how
// many a limit, when one is set, turned away (Asterisk closes such a connection at once).

import type { Server } from 'node:http';

export interface HttpSessionCounts {
  open: number;
  peak: number;
  refused: number;
}

/** Counts the server's connections from now on; with `limit`, closes each one past it. */
export function trackHttpSessions(server: Server, limit: number | null): HttpSessionCounts {
  const counts: HttpSessionCounts = { open: 0, peak: 0, refused: 0 };
  server.on('connection', (socket) => {
    if (limit !== null && counts.open >= limit) {
      counts.refused++;
      socket.destroy();
      return;
    }
    counts.open++;
    counts.peak = Math.max(counts.peak, counts.open);
    socket.once('close', () => counts.open--);
  });
  return counts;
}
