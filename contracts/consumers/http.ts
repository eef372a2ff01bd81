import { ServiceError } from './service-error.js';

// The one HTTP helper every consumer client sends through. Clients stay what an integration team would write —
// plain fetch, their own headers — but the parts each used to repeat live here: the URL with its query, JSON and
// form bodies with the content type set by hand (fetch would label a string body text/plain), reading a body that
// may be empty or not JSON, and turning a refusal into the client's own ServiceError subclass.

export interface HttpCall {
  method?: string;
  /** A path on the base URL, or an absolute URL the service handed out (an upload or download link). */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Any other body (FormData, bytes); its content type is fetch's or the caller's. */
  body?: FormData | Uint8Array | string;
  /** Bearer token for the Authorization header. */
  bearer?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body, undefined when the body was empty. */
  json: unknown;
  /** The raw text (for non-JSON answers such as export files). */
  text: string;
}

/**
 * How a client turns a refusal into its error: status, the parsed body as an object (possibly empty), and the
 * parsed JSON as it came (Salesforce REST refuses with an array of errors).
 */
export type Refusal = (status: number, body: Record<string, unknown>, json: unknown) => ServiceError;

export async function send(baseUrl: string, call: HttpCall, refusal: Refusal, options: { parse?: 'json' | 'text' } = {}): Promise<HttpAnswer> {
  const url = new URL(call.path, baseUrl);
  for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
  if (call.bearer) headers.Authorization = `Bearer ${call.bearer}`;
  let body: FormData | Uint8Array | string | undefined = call.body;
  if (call.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(call.form).toString();
  }
  const res = await fetch(url, { method: call.method ?? 'GET', headers, body });
  const text = await res.text();
  let json: unknown;
  // A text answer (an export file) is still refused in JSON, so a refusal's body is parsed whatever `parse` says.
  if (text && (options.parse !== 'text' || !res.ok)) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      // A refusal in no dialect (a proxy's page) keeps its text as the message; a success that is not JSON is refused.
      if (!res.ok) json = { message: text.slice(0, 200) };
      else throw refusal(res.status, { code: 'invalid_json', message: text.slice(0, 200) }, undefined);
    }
  }
  if (!res.ok) throw refusal(res.status, typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {}, json);
  return { status: res.status, headers: res.headers, json, text };
}

/** A refusal whose error code is a top-level field of the body (`errorCode`, `error`, `type`…), or the fallback. */
export function refusalBy(ErrorClass: new (status: number, code: string, detail?: Record<string, unknown>) => ServiceError, field: string, fallback = 'UnknownError'): Refusal {
  return (status, body) => new ErrorClass(status, typeof body[field] === 'string' ? body[field] : fallback, body);
}

/**
 * RFC 6749 §2.3.1: id and secret are each form-url-encoded before they are joined and base64-encoded. Account
 * Manager and the org decode them that way, so a secret with `%`, `+` or `:` breaks if this step is skipped.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64')}`;
}

/** application/x-www-form-urlencoded as WHATWG defines it: only `*-._` and alphanumerics stay as they are. */
function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export { ServiceError };
