// A GET to the PBX outside the ARI client's requests (its API description, its sounds), over
// node's own HTTP client as the library's is (fetch refuses some ports). Its socket closes with
// the answer: kept alive, it would hold one of the PBX's HTTP sessions for seconds besides those
// of the requests' agents (ari-request-agent.ts), which ari.maxConnections keeps under Asterisk's
// sessionlimit.

import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

export interface PlainAnswer {
  status: number;
  body: string;
}

/** `auth`: "user:password"; a request unanswered in `timeoutMs` fails with code ETIMEDOUT. */
export function plainGet(url: string, auth: string, timeoutMs: number): Promise<PlainAnswer> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { auth, timeout: timeoutMs, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
  });
}
