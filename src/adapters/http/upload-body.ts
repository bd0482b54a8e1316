// Bodies sent as files (a list of leads, a DNC file): `text/csv` and `text/plain` reach their
// routes as a stream of the bytes sent, not decoded (a Windows-1252 file's accents would be lost
// to UTF-8 before the import could tell its encoding), and no longer than the node allows.

import { Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.js';

/** Register with buildApp's `plugins`: file bodies as streams of at most `limitMb` megabytes. */
export function uploadBodyPlugin(limitMb: number): (app: FastifyInstance) => Promise<void> {
  const limitBytes = limitMb * 1024 * 1024;
  return async (app) => {
    app.addContentTypeParser(['text/csv', 'text/plain'], (request, payload, done) => {
      // Refused before a byte is stored when the sender says how long it is; counted otherwise.
      if (Number(request.headers['content-length']) > limitBytes) return done(tooLarge(limitMb), undefined);
      const capped = byteCap(limitBytes, limitMb);
      // A client gone mid-upload fails the stream the route reads. Past the cap the rest is read and
      // dropped, so that the sender, still sending, gets the 413 rather than a connection reset.
      payload.on('error', (error) => capped.destroy(error));
      capped.on('error', () => payload.unpipe(capped).resume());
      payload.pipe(capped);
      done(null, capped);
      return undefined;
    });
  };
}

function byteCap(limitBytes: number, limitMb: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, next) {
      seen += chunk.length;
      if (seen > limitBytes) next(tooLarge(limitMb));
      else next(null, chunk);
    },
  });
}

const tooLarge = (limitMb: number): ApiError =>
  new ApiError('too_large', `the file is larger than this node takes (${limitMb} MB, http.uploadLimitMb): split it, or raise the limit`);
