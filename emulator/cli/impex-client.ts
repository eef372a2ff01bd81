import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { multipartFileBody } from './multipart-stream.js';

// The public HTTP calls of an impex import, as any client makes them: the Account Manager token, initiate,
// upload, status, result file. Nothing here reaches into the emulator's code, so the command works the same
// against an emulator in another process or on another machine.

/** A call that did not answer 2xx, or did not answer: the message is what the server said, never a credential. */
export class ImpexHttpError extends Error {
  constructor(
    readonly step: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface InitiatedImport {
  importId: string;
  importStatusLink: string;
  uploadLink: string;
  uploadLinkExpirationUTC?: string;
}

export interface ImportStatus {
  importId: string;
  status: string;
  validation?: { status?: string; errors?: string[] };
  import?: {
    recordsReadCount?: number;
    recordsProcessedCount?: number;
    recordsSkippedCount?: number;
    fullResults?: { href?: string };
  };
}

export interface TokenRequest {
  clientId: string;
  clientSecret: string;
  instance: string;
  scopes: readonly string[];
}

export class ImpexClient {
  readonly base: string;
  #token = '';

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  useToken(token: string): void {
    this.#token = token.replace(/^Bearer\s+/i, '');
  }

  /** client_credentials with HTTP Basic; each part form-url-encoded first, as RFC 6749 §2.3.1 asks. */
  async requestToken(req: TokenRequest): Promise<void> {
    const basic = Buffer.from(`${encodeURIComponent(req.clientId)}:${encodeURIComponent(req.clientSecret)}`).toString('base64');
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: [`SALESFORCE_COMMERCE_API:${req.instance}`, ...req.scopes].join(' ') });
    const res = await this.#fetch('token request', '/dwsso/oauth2/access_token', {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    const token = ((await res.json()) as { access_token?: unknown }).access_token;
    if (typeof token !== 'string' || token === '') throw new ImpexHttpError('token request', res.status, 'the answer holds no access_token');
    this.useToken(token);
  }

  async initiate(tenantGroupId: string, body: Record<string, unknown>): Promise<InitiatedImport> {
    const path = `/inventory/impex/v1/organizations/${encodeURIComponent(tenantGroupId)}/availability-records/imports`;
    const res = await this.#fetch('initiate import', path, {
      method: 'POST',
      headers: { ...this.#auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as InitiatedImport;
  }

  /**
   * The file as one multipart part named `fileUpload`, streamed from disk with a Content-Length (`duplex: 'half'`
   * lets fetch send a stream). fetch rather than node:http: when the server answers before it has read the body
   * (413 for a file over the limit, 401) and closes the connection, fetch still hands over that answer, where
   * node:http reports a broken pipe.
   */
  async upload(uploadLink: string, file: { path: string; fileName: string; size: number }, onBytes: (n: number) => void): Promise<unknown> {
    const body = multipartFileBody({ field: 'fileUpload', fileName: file.fileName, path: file.path, size: file.size, onBytes });
    try {
      const res = await this.#fetch('upload', uploadLink, {
        method: 'POST',
        headers: { ...this.#auth(), 'Content-Type': body.contentType, 'Content-Length': String(body.length), Accept: 'application/json' },
        body: Readable.toWeb(body.stream) as unknown as RequestInit['body'],
        duplex: 'half',
      } as RequestInit & { duplex: 'half' });
      return parseJson(await res.text());
    } finally {
      body.stream.destroy();
    }
  }

  async status(importStatusLink: string): Promise<ImportStatus> {
    const res = await this.#fetch('import status', importStatusLink, { headers: this.#auth() });
    return (await res.json()) as ImportStatus;
  }

  /** The result file, line by line, read as it streams in (a file with a million failures is no burden). */
  async *resultLines(href: string): AsyncGenerator<string> {
    const res = await this.#fetch('result file', href, { headers: this.#auth() });
    if (!res.body) return;
    const lines = createInterface({ input: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), crlfDelay: Infinity });
    for await (const line of lines) if (line.trim() !== '') yield line;
  }

  /** Links come as paths on the API host; an absolute link is used as given. */
  resolve(link: string): string {
    return /^https?:\/\//i.test(link) ? link : `${this.base}${link.startsWith('/') ? '' : '/'}${link}`;
  }

  #auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.#token}` };
  }

  async #fetch(step: string, link: string, init: RequestInit): Promise<Response> {
    const url = this.resolve(link);
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (error) {
      throw new ImpexHttpError(step, undefined, unreachable(new URL(url), error));
    }
    if (!res.ok) throw new ImpexHttpError(step, res.status, messageOf(await res.text(), res.headers.get('x-emulator-explain') ?? undefined));
    return res;
  }
}

/** The human part of an error body, whichever dialect answered (OCI, OAuth 2, problem+json, Account Manager, Salesforce). */
export function messageOf(text: string, explain?: string | string[]): string {
  const body = parseJson(text) as Record<string, unknown> | unknown[] | undefined;
  const first = Array.isArray(body) ? (body[0] as Record<string, unknown> | undefined) : body;
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v !== '');
  const errors = first && Array.isArray(first.errors) ? (first.errors[0] as Record<string, unknown> | undefined) : undefined;
  const fault = first && typeof first.fault === 'object' ? (first.fault as Record<string, unknown>) : undefined;
  const message =
    pick(first?.message, first?.error_description, first?.detail, errors?.message, fault?.message, first?.title, first?.error) ?? (text.trim().slice(0, 500) || '(empty body)');
  const why = Array.isArray(explain) ? explain.join('; ') : explain;
  return why && !message.includes(why) ? `${message} (${why})` : message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A request that got no answer: a network failure names the host; anything else (the file changed while it was
 * read) speaks for itself. */
function unreachable(url: URL, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code;
  if (code && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code)) return `cannot reach ${url.origin}: ${code}`;
  return cause?.message ?? (error as Error).message;
}
