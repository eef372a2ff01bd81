import { createReadStream, statSync } from 'node:fs';
import { request, type Agent } from 'node:http';

// Single requests for suites that drive a flow step by step (initiate, upload, poll), over a keep-alive agent.

export interface Answer {
  status: number;
  text: string;
}

export function send(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, agent, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The parsed JSON answer; throws with the answer unless it is 2xx. */
export async function json(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
  const res = await send(agent, url, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  return JSON.parse(res.text) as Record<string, unknown>;
}

/** A file as the `fileUpload` part of a multipart POST, streamed from disk. */
export function upload(agent: Agent, url: string, path: string, headers: Record<string, string>, file: string, fileName: string): Promise<Answer> {
  const boundary = `----oci-bench-${Date.now().toString(16)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fileUpload"; filename="${fileName}"\r\nContent-Type: application/gzip\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', agent, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.on('error', reject);
    stream.on('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
