import { GenericCode, type AppError } from '../app-error.js';
import { bearerChallenge, type Dialect } from '../dialect.js';

// OAuth 2.0 (RFC 6749 §5.2) as Account Manager and the Salesforce org token endpoints send it.
// Account Manager puts `error_description` before `error`; clients that compare bytes rely on that order.

/** The OAuth `error` a generic failure becomes; vendor codes (`invalid_client`…) pass through. */
export const GENERIC_TO_OAUTH: Partial<Record<string, string>> = {
  [GenericCode.MalformedJson]: 'invalid_request',
  [GenericCode.MalformedBody]: 'invalid_request',
  [GenericCode.MalformedPath]: 'invalid_request',
  [GenericCode.ValidationFailed]: 'invalid_request',
  [GenericCode.UnsupportedMediaType]: 'invalid_request',
  [GenericCode.PayloadTooLarge]: 'invalid_request',
  [GenericCode.MethodNotAllowed]: 'method_not_allowed',
  [GenericCode.RouteNotFound]: 'not_found',
  [GenericCode.NotFound]: 'not_found',
  [GenericCode.Unauthorized]: 'invalid_token',
  [GenericCode.MalformedAuthorization]: 'invalid_token',
  [GenericCode.InvalidToken]: 'invalid_token',
  [GenericCode.TokenExpired]: 'invalid_token',
  [GenericCode.InsufficientScope]: 'insufficient_scope',
  [GenericCode.TenantForbidden]: 'access_denied',
  [GenericCode.Forbidden]: 'access_denied',
  [GenericCode.Conflict]: 'invalid_request',
  [GenericCode.InternalError]: 'server_error',
  [GenericCode.ServiceUnavailable]: 'temporarily_unavailable',
};

export const oauthDialect: Dialect = {
  name: 'oauth',
  render(error: AppError) {
    const code = GENERIC_TO_OAUTH[error.code] ?? error.code;
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...error.headers };
    if (error.status === 401 && !headers['WWW-Authenticate'] && code === 'invalid_token') {
      headers['WWW-Authenticate'] = bearerChallenge('/', 'invalid_token', error.message);
    }
    return {
      status: error.status,
      contentType: 'application/json;charset=UTF-8',
      headers,
      body: { error_description: vendorMessage(error), error: code },
    };
  },
};

function vendorMessage(error: AppError): string {
  if (error.code === GenericCode.MethodNotAllowed) {
    const allowed = (error.headers.Allow ?? 'POST').split(',')[0]!.trim();
    return `Required Method: ${allowed} found: ${String(error.details.method)}`;
  }
  return error.message;
}
