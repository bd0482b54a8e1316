import { describe, expect, it } from 'vitest';
import { HttpListenError, httpListenError } from './http-listen-error.js';

const socketError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`listen ${code}`), { code });

describe('the HTTP address the node could not open', () => {
  it('names a port this user may not open and HTTP_PORT (a port below 1024 without privileges)', () => {
    const said = httpListenError(socketError('EACCES'), '0.0.0.0', 80);
    expect(said).toBeInstanceOf(HttpListenError);
    expect((said as Error).message).toBe('the HTTP port 0.0.0.0:80 may not be opened by this user (ports below 1024 need privileges): set HTTP_PORT (http.port) to 1024 or above');
  });

  it('leaves any other failure as it came', () => {
    const other = socketError('EMFILE');
    expect(httpListenError(other, '127.0.0.1', 8080)).toBe(other);
    expect(httpListenError('not an error', '127.0.0.1', 8080)).toBe('not an error');
  });
});
