// A TLS client's hello sent to a Redis without TLS gets no answer at all (Redis waits for the end of
// a command line that never comes), so a rediss:// URL to a plain Redis looks like a server that
// does not answer. One PING over a plain connection tells the two apart.

import net from 'node:net';

/** Whether a server at host:port answers a plain (not TLS) PING the way Redis does: a RESP reply,
 * "+PONG", or an error such as "-NOAUTH" from one that asks for a password. */
export function answersWithoutTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answered: boolean): void => { socket.destroy(); resolve(answered); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply: Buffer) => done(/^[+-]/.test(reply.toString('latin1', 0, 1))));
  });
}
