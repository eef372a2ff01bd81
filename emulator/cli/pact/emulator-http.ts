import { EmulatorUnreachableError, PactInputError } from './errors.js';

// Everything verify-pacts does to the emulator goes over HTTP, as any client of it would: the control plane
// (`/__emulator/…`, with the admin token when one is set) and the products' own APIs. So the same provider states
// work against an emulator in this process and one started elsewhere (`--url`).

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface CallOptions {
  /** Bearer token; `authorization` wins when both are given. */
  bearer?: string;
  authorization?: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** A multipart/form-data body with one file part. */
  file?: { field: string; fileName: string; contentType: string; content: string };
  /** Statuses that count as success; any other throws with the answer's body. Default: any 2xx. */
  expect?: readonly number[];
}

const CALL_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 5_000;

export class EmulatorHttp {
  readonly baseUrl: string;
  readonly #adminToken: string | undefined;

  constructor(baseUrl: string, adminToken?: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#adminToken = adminToken;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const url = new URL(path, `${this.baseUrl}/`);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = {};
    const authorization = options.authorization ?? (options.bearer ? `Bearer ${options.bearer}` : undefined);
    if (authorization) headers.Authorization = authorization;
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.file) {
      const form = new FormData();
      form.append(options.file.field, new Blob([options.file.content], { type: options.file.contentType }), options.file.fileName);
      body = form;
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    } catch (error) {
      throw new Error(`${method} ${url.pathname} could not reach the emulator at ${this.baseUrl}: ${networkReason(error)}`);
    }
    const text = await res.text();
    const answer: Answer = { status: res.status, headers: res.headers, text, json: parseJson(text) };
    const ok = options.expect ? options.expect.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) throw new Error(`${method} ${url.pathname} answered ${res.status}: ${text.slice(0, 500) || '(no body)'}`);
    return answer;
  }

  /** The control plane's admin token, if one was given. */
  get adminToken(): string | undefined {
    return this.#adminToken;
  }

  /** A control-plane call (`/__emulator` + path), with the admin token when one was given. Answers the JSON body. */
  async control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.call(method, `/__emulator${path}`, { bearer: this.#adminToken, json: body });
    return answer.json as T;
  }

  /**
   * Checks that an emulator answers at the base URL and lets this caller use its control plane, before anything
   * is verified: an unreachable host or a foreign server is EmulatorUnreachableError, a refused admin token is
   * PactInputError (the input was wrong, the emulator is there).
   */
  async probe(): Promise<void> {
    const url = `${this.baseUrl}/__emulator/health`;
    let res: Response;
    try {
      res = await fetch(url, { headers: this.#adminToken ? { Authorization: `Bearer ${this.#adminToken}` } : {}, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    } catch (error) {
      throw new EmulatorUnreachableError(`No emulator answers at ${this.baseUrl}: ${networkReason(error)}`);
    }
    const body = parseJson(await res.text());
    if (res.status === 401) {
      throw new PactInputError(
        this.#adminToken
          ? `The emulator at ${this.baseUrl} refused the admin token given with --admin-token`
          : `The emulator at ${this.baseUrl} requires its admin token for the control plane: pass --admin-token`,
      );
    }
    if (!res.ok || typeof body !== 'object' || body === null || !('version' in body)) {
      throw new EmulatorUnreachableError(`${url} answered ${res.status} without the emulator's health document: is ${this.baseUrl} an oci-emulator?`);
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** fetch's own message is "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a timeout). */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
