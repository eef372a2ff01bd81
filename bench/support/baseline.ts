import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { header, type CapturedResponse } from './http.js';

// The other side of every comparison: bare Express answering with bytes the emulator sent, so the ratio isolates
// what the emulator adds to plain HTTP. In this process for in-process suites, or in a child of its own
// (baseline-child.ts) beside a child emulator.

export interface Target {
  url: string;
  close(): Promise<void>;
}

// Node writes these itself on every response; setting them by hand would duplicate or freeze them.
const NODE_OWNED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export interface BaselineRoute {
  method: string;
  path: string;
  captured: CapturedResponse;
}

/** Bare Express routes that answer every request with their captured response, byte for byte. */
export async function startBaseline(routes: readonly BaselineRoute[]): Promise<Target> {
  const app = express();
  // Express would otherwise add X-Powered-By and ETag, and the bytes would no longer match.
  app.disable('x-powered-by');
  app.set('etag', false);
  for (const { method, path, captured } of routes) {
    const headers = captured.headers.filter(([name]) => !NODE_OWNED.has(name.toLowerCase()));
    // A path with an id placeholder matches any id there, as the emulator's route does.
    const route = path.replaceAll('[<id>]', ':id');
    app[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](route, (_req, res) => {
      // Plain setHeader: Express's res.set would rewrite the Content-Type charset.
      for (const [name, value] of headers) res.setHeader(name, value);
      res.statusCode = captured.status;
      res.end(captured.body);
    });
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  // Same as the emulator, so the Keep-Alive header and connection reuse match too.
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Throws unless two responses carry the same status, header lines (Date aside) and body bytes. */
export function assertSameWire(expected: CapturedResponse, actual: CapturedResponse, what: string): void {
  const lines = (r: CapturedResponse) => r.headers.filter(([n]) => n.toLowerCase() !== 'date').map(([n, v]) => `${n}: ${v}`);
  const problems: string[] = [];
  if (expected.status !== actual.status) problems.push(`status ${actual.status}, expected ${expected.status}`);
  if (lines(expected).join('\n') !== lines(actual).join('\n')) {
    problems.push(`headers differ:\n  expected ${lines(expected).join(' | ')}\n  actual   ${lines(actual).join(' | ')}`);
  }
  if (!expected.body.equals(actual.body)) problems.push(`body differs (${actual.body.length} bytes, expected ${expected.body.length})`);
  if (header(actual, 'date') === undefined) problems.push('no Date header');
  if (problems.length > 0) throw new Error(`${what} does not replay the captured response: ${problems.join('; ')}`);
}
