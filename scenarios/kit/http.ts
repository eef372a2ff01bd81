// The scenarios' HTTP client: plain fetch against the emulator's base URL, the way a team's own scripts would call
// the real services. An answer with a status the caller did not expect is an error naming the call, its status and
// the start of the body, so a story that goes wrong says where.

export interface HttpAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire, read by each caller
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** A form body (application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  /** A body sent as it is, with its content type (an XML file over WebDAV). */
  raw?: { type: string; text: string };
  token?: string;
  /** Authorization as given (Basic …). */
  authorization?: string;
  /** Statuses that are an answer; anything else throws. Default: 2xx. */
  expect?: readonly number[];
}

export class ScenarioHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly answer: HttpAnswer,
  ) {
    super(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
}

export class Http {
  constructor(
    readonly baseUrl: string,
    readonly adminToken?: string,
  ) {}

  get = (path: string, options: CallOptions = {}) => this.call('GET', path, options);
  post = (path: string, options: CallOptions = {}) => this.call('POST', path, options);
  put = (path: string, options: CallOptions = {}) => this.call('PUT', path, options);
  patch = (path: string, options: CallOptions = {}) => this.call('PATCH', path, options);
  delete = (path: string, options: CallOptions = {}) => this.call('DELETE', path, options);

  async call(method: string, path: string, options: CallOptions): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (options.raw) {
      headers['content-type'] = options.raw.type;
      body = options.raw.text;
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const token = options.token ?? (path.startsWith('/__emulator') ? this.adminToken : undefined);
    if (options.authorization) headers['authorization'] = options.authorization;
    else if (token) headers['authorization'] = `Bearer ${token}`;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    const answer: HttpAnswer = { status: res.status, body: parsed, text };
    const ok = options.expect ? options.expect.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) throw new ScenarioHttpError(method, path, answer);
    return answer;
  }
}

export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s);
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}
