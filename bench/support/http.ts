import { Agent, request as httpRequest } from 'node:http';

// One request with the raw wire view (header case and order kept), to capture and to compare responses.

export interface RequestSpec {
  method: string;
  /** May hold `[<id>]` (with `uniqueIds`): each request of a load gets its own id there. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Requests that create something under an id of their own (a reservation document) must not repeat it. */
  uniqueIds?: boolean;
}

export const ID_PLACEHOLDER = '[<id>]';
/** The id of the single request that captures the answer a baseline replays. */
export const CAPTURE_ID = 'bench-capture-0000000000000';

/** The spec with its id placeholder filled in, for a single request. */
export function withId(spec: RequestSpec, id = CAPTURE_ID): RequestSpec {
  if (!spec.uniqueIds) return spec;
  return { ...spec, path: spec.path.replaceAll(ID_PLACEHOLDER, id), ...(spec.body !== undefined ? { body: spec.body.replaceAll(ID_PLACEHOLDER, id) } : {}) };
}

export interface CapturedResponse {
  status: number;
  /** Name/value pairs as they came off the wire, case and order kept. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export function sendOnce(baseUrl: string, request: RequestSpec): Promise<CapturedResponse> {
  const spec = withId(request);
  // Keep-alive like autocannon, so the captured Connection and Keep-Alive headers are the ones the load sees.
  const agent = new Agent({ keepAlive: true });
  return new Promise<CapturedResponse>((resolve, reject) => {
    const req = httpRequest(new URL(spec.path, baseUrl), { method: spec.method, headers: spec.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(spec.body);
  }).finally(() => agent.destroy());
}

export function header(response: CapturedResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

export function basicAuth(id: string, secret: string): string {
  // Account Manager expects the form-encoded id and secret inside Basic, as RFC 6749 §2.3.1 says.
  const enc = (s: string) => encodeURIComponent(s);
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}
