// Why the node could not open its HTTP address, in the operator's words: the setting to change
// (HTTP_PORT, HTTP_HOST) and the address, not the socket's "listen EADDRINUSE".

export class HttpListenError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'HttpListenError';
  }
}

/** The error `listen` gave, said for the address the configuration names; anything else as it came. */
export function httpListenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new HttpListenError(code, `the HTTP port ${host}:${port} is in use by another process (another outpace node?): stop it, or set HTTP_PORT (http.port) to a free port`);
    case 'EADDRNOTAVAIL':
      return new HttpListenError(code, `the HTTP address ${host} is not an address of this machine: set HTTP_HOST (http.host) to one of its addresses, or to 0.0.0.0 for all of them`);
    case 'EACCES':
      return new HttpListenError(code, `the HTTP port ${host}:${port} may not be opened by this user (ports below 1024 need privileges): set HTTP_PORT (http.port) to 1024 or above`);
    default:
      return error;
  }
}
