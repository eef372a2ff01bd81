import { basicAuthorization, send, type Refusal } from '../http.js';
import { ServiceError } from '../service-error.js';

// The Account Manager calls an inventory integration makes: a client-credentials token for one B2C instance,
// and a look at its own API client. Written the way an integration team would, with nothing but fetch (through
// the shared helper), so the contract records what a real caller sends rather than what a test helper happens to send.

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
export class AccountManagerError extends ServiceError {
  static override readonly service = 'Account Manager';
  /** OAuth's `error`, or the admin REST API's error `code`. */
  readonly error = this.code;
  /** OAuth's `error_description`, or the REST API's `message`. */
  readonly description = text(this.detail.error_description) ?? text(this.detail.message);
}

/** The token endpoint refuses in OAuth's `{error, error_description}`. */
const oauthRefusal: Refusal = (status, body) => new AccountManagerError(status, text(body.error) ?? 'unknown_error', body);

/** The admin REST API refuses with `{errors: [{code, message}]}` rather than OAuth's `{error}`: the first one tells. */
const restRefusal: Refusal = (status, body) => {
  const first = Array.isArray(body.errors) && typeof body.errors[0] === 'object' && body.errors[0] !== null ? (body.errors[0] as Record<string, unknown>) : {};
  return new AccountManagerError(status, text(first.code) ?? 'unknown_error', first);
};

export async function requestToken(request: TokenRequest): Promise<AccessToken> {
  const { status, json } = await send(
    request.baseUrl,
    {
      method: 'POST',
      path: '/dwsso/oauth2/access_token',
      headers: { Authorization: basicAuthorization(request.clientId, request.clientSecret) },
      form: { grant_type: 'client_credentials', scope: [`SALESFORCE_COMMERCE_API:${request.tenant}`, ...request.scopes].join(' ') },
    },
    oauthRefusal,
  );
  const body = (json ?? {}) as Record<string, unknown>;
  const accessToken = text(body.access_token);
  if (!accessToken || typeof body.expires_in !== 'number') throw new AccountManagerError(status, 'invalid_token_response', body);
  return { accessToken, scope: text(body.scope) ?? '', expiresIn: body.expires_in };
}

export async function getApiClient(request: { baseUrl: string; accessToken: string; id: string }): Promise<ApiClient> {
  const { json } = await send(request.baseUrl, { path: `/dw/rest/v1/apiclients/${encodeURIComponent(request.id)}`, bearer: request.accessToken }, restRefusal);
  return json as ApiClient;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
