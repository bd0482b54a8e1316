// A TCP relay between an adapter and what it talks to (the simulated PBX, Postgres), so a test can
// cut the network (the far side keeps its state, as Asterisk keeps its calls when the events
// socket drops), refuse reconnects for a while, or have WebSockets go silent without a close.

import net from 'node:net';

export interface TcpProxy {
  url: string;
  /** Destroys every open connection. */
  drop(): void;
  /** While refusing, new connections are closed at once. */
  refuse(on: boolean): void;
  /** The open WebSocket connections stop relaying, both ways, and stay open: a half-open socket. */
  freezeWebSockets(): void;
  close(): Promise<void>;
}

/** `listenPort`: a port of the test's choosing (one an adapter already tries), else any free one. */
export async function startTcpProxy(targetPort: number, host = '127.0.0.1', listenPort = 0): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const webSockets = new Set<readonly [net.Socket, net.Socket]>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    const pair = [client, upstream] as const;
    client.once('data', (head: Buffer) => {
      if (/^upgrade: websocket/im.test(head.toString('latin1'))) webSockets.add(pair);
    });
    client.on('close', () => webSockets.delete(pair));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(listenPort, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://${host}:${port}`,
    drop: () => { for (const socket of sockets) socket.destroy(); },
    refuse: (on) => { refusing = on; },
    freezeWebSockets: () => {
      for (const [client, upstream] of webSockets) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

