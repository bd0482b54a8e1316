import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeAriApi } from './ari-api-probe.js';
import { ariConnectFailure } from './ari-connect-failure.js';

// Asterisk's plain HTTP port, asked over TLS: it answers the handshake with an HTTP error.
function plainHttpServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });
}

describe("the log line of an ARI the node could not connect to", () => {
  it('says an https:// ARI_URL met a port that speaks no TLS, and what to give instead', async () => {
    const { server, port } = await plainHttpServer();
    try {
      const url = `https://127.0.0.1:${port}`;
      const error = await probeAriApi({ url, user: 'outpace', password: 's3cret', requestTimeoutMs: 2_000 }).then(() => null, (e: unknown) => e);
      expect(ariConnectFailure(error, url, 'outpace')).toMatch(new RegExp(`^the PBX's ARI at 127\\.0\\.0\\.1:${port} did not answer in TLS \\(\\w+\\): `
        + "ARI_URL \\(ari\\.url\\) asks for https://; give http://, or the port of Asterisk's TLS server \\(http\\.conf: tlsenable, tlsbindaddr\\)$"));
    } finally {
      server.close();
    }
  }, 5_000);
});
