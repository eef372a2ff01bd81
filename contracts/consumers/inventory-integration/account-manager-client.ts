// The Account Manager calls an inventory integration makes: a client-credentials token for one B2C instance,
// and a look at its own API client. Written the way an integration team would, with nothing but fetch, so
// the contract records what a real caller sends rather than what a test helper happens to send.

export interface TokenRequest {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** B2C instance id, e.g. `zzzz_001`; becomes the `SALESFORCE_COMMERCE_API:<tenant>` scope. */
  tenant: string;
  scopes: readonly string[];
}

export interface AccessToken {
  accessToken: string;
  scope: string;
  expiresIn: number;
}

export interface ApiClient {
  id: string;
  name: string;
  active: boolean;
  roles: string[];
  [field: string]: unknown;
}

/** A refusal from Account Manager: HTTP status plus the OAuth `error` (or the REST API's error code). */
export class AccountManagerError extends Error {
  override readonly name = 'AccountManagerError';

  constructor(
    readonly status: number,
    readonly error: string,
    readonly description?: string,
  ) {
    super(`Account Manager answered ${status} ${error}${description ? `: ${description}` : ''}`);
  }
}

export async function requestToken(request: TokenRequest): Promise<AccessToken> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: [`SALESFORCE_COMMERCE_API:${request.tenant}`, ...request.scopes].join(' '),
  });
  const res = await fetch(new URL('/dwsso/oauth2/access_token', request.baseUrl), {
    method: 'POST',
    headers: {
      Authorization: basicAuthorization(request.clientId, request.clientSecret),
      // Set by hand: fetch would label a string body text/plain, and a URLSearchParams one with a charset.
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: body.toString(),
  });
  const json = await readJson(res);
  if (!res.ok) {
    throw new AccountManagerError(res.status, stringField(json, 'error') ?? 'unknown_error', stringField(json, 'error_description'));
  }
  const accessToken = stringField(json, 'access_token');
  const expiresIn = (json as { expires_in?: unknown } | undefined)?.expires_in;
  if (!accessToken || typeof expiresIn !== 'number') throw new AccountManagerError(res.status, 'invalid_token_response');
  return { accessToken, scope: stringField(json, 'scope') ?? '', expiresIn };
}

export async function getApiClient(request: { baseUrl: string; accessToken: string; id: string }): Promise<ApiClient> {
  const res = await fetch(new URL(`/dw/rest/v1/apiclients/${encodeURIComponent(request.id)}`, request.baseUrl), {
    headers: { Authorization: `Bearer ${request.accessToken}`, Accept: 'application/json' },
  });
  const json = await readJson(res);
  if (!res.ok) {
    // The admin REST API answers `{errors: [{code, message}]}` rather than OAuth's `{error}`.
    const first = (json as { errors?: { code?: unknown; message?: unknown }[] } | undefined)?.errors?.[0];
    throw new AccountManagerError(res.status, typeof first?.code === 'string' ? first.code : 'unknown_error', typeof first?.message === 'string' ? first.message : undefined);
  }
  return json as ApiClient;
}

/**
 * RFC 6749 §2.3.1: id and secret are each form-url-encoded before they are joined and base64-encoded.
 * Account Manager decodes them that way, so a secret with `%`, `+` or `:` breaks if this step is skipped.
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

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AccountManagerError(res.status, 'invalid_json', text.slice(0, 200));
  }
}

function stringField(json: unknown, name: string): string | undefined {
  const value = (json as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
