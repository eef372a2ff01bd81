import { send, type Refusal } from './http.js';
import { ServiceError } from './service-error.js';

// What every client of a Salesforce org reads the same way, whoever calls: the org's OAuth token endpoint (an org
// admin signs in with the password grant, an integration with client credentials) and the org's refusals, which
// come in three shapes: OAuth's `{error, error_description}`, Setup's `{error, message}` and the REST API's array
// `[{message, errorCode}]`.

/** A refusal from the org: the OAuth `error`, Setup's `error` or the REST API's `errorCode` is the code. */
export class SalesforceError extends ServiceError {
  static override readonly service = 'Salesforce';
}

export const salesforceRefusal: Refusal = (status, body, json) => {
  // The REST API answers an array of errors; the first one tells.
  const first = Array.isArray(json) && typeof json[0] === 'object' && json[0] !== null ? (json[0] as Record<string, unknown>) : body;
  const code = [first.errorCode, first.error].find((c): c is string => typeof c === 'string') ?? 'UNKNOWN_ERROR';
  return new SalesforceError(status, code, first);
};

export interface OrgSession {
  accessToken: string;
  /** Where the org's APIs answer (`https://<my domain>.my.salesforce.com`). */
  instanceUrl: string;
  scope: string;
}

/** A session of the org from `/services/oauth2/token`; the grant's fields go as a form, the connected app's credentials among them. */
export async function requestOrgToken(baseUrl: string, grant: Record<string, string>): Promise<OrgSession> {
  const { status, json } = await send(baseUrl, { method: 'POST', path: '/services/oauth2/token', form: grant }, salesforceRefusal);
  const body = (json ?? {}) as Record<string, unknown>;
  if (typeof body.access_token !== 'string' || typeof body.instance_url !== 'string') throw new SalesforceError(status, 'INVALID_TOKEN_RESPONSE', body);
  return { accessToken: body.access_token, instanceUrl: body.instance_url, scope: typeof body.scope === 'string' ? body.scope : '' };
}
