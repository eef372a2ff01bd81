import { Agent, request } from 'node:http';

// A raw HTTP client for the fuzzer: the path goes out byte for byte (no URL normalisation, so `..`, `%zz` and
// `%2F` reach the server as written), the body is whatever bytes the case made, and every request has a deadline.

export interface WireRequest {
  method: string;
  /** Path and query exactly as sent. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
}

export type Outcome =
  | { kind: 'answer'; status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; ms: number }
  | { kind: 'dropped'; error: string; ms: number }
  | { kind: 'timeout'; ms: number };

export class FuzzClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 4 });
  readonly #port: number;

  constructor(port: number) {
    this.#port = port;
  }

  send(req: WireRequest, timeoutMs: number): Promise<Outcome> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    return new Promise<Outcome>((done) => {
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        done(outcome);
      };
      const headers: Record<string, string> = { ...req.headers };
      if (req.body && !req.chunked) headers['content-length'] = String(req.body.length);
      if (req.chunked) headers['transfer-encoding'] = 'chunked';
      let outgoing: ReturnType<typeof request>;
      try {
        outgoing = request({ host: '127.0.0.1', port: this.#port, method: req.method, path: req.path, headers, agent: this.#agent });
      } catch (error) {
        // Node refuses to send it (a character it will not put on the wire): the case is moot, not a failure.
        done({ kind: 'dropped', error: `not sent: ${(error as Error).message}`, ms: 0 });
        return;
      }
      const timer = setTimeout(() => {
        outgoing.destroy();
        finish({ kind: 'timeout', ms: ms() });
      }, timeoutMs);
      outgoing.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: ms() }));
        res.on('error', (error) => finish({ kind: 'dropped', error: error.message, ms: ms() }));
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'dropped', error: error.code ?? error.message, ms: ms() }));
      if (req.body && req.body.length > 0) {
        // In slices, so a server that answers early (413) and closes is seen answering, not as a write error.
        const slice = 64 * 1024;
        for (let i = 0; i < req.body.length; i += slice) outgoing.write(req.body.subarray(i, i + slice));
      }
      outgoing.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
