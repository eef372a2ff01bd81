import { GenericCode, type AppError } from '../../core/errors/app-error.js';
import { bearerChallenge, type Dialect } from '../../core/errors/dialect.js';

// SLAS's errors: `Oauth2ErrorResponse` (`error`, `error_description`) as application/problem+json.

const GENERIC_TO_SLAS: Partial<Record<string, string>> = {
  [GenericCode.ValidationFailed]: 'invalid_request',
  [GenericCode.MalformedBody]: 'invalid_request',
  [GenericCode.MalformedJson]: 'invalid_request',
  [GenericCode.MalformedPath]: 'invalid_request',
  [GenericCode.PayloadTooLarge]: 'invalid_request',
  [GenericCode.UnsupportedMediaType]: 'invalid_request',
  [GenericCode.RouteNotFound]: 'not_found',
  [GenericCode.NotFound]: 'not_found',
  [GenericCode.MethodNotAllowed]: 'method_not_allowed',
  [GenericCode.Unauthorized]: 'unauthorized_client',
  [GenericCode.MalformedAuthorization]: 'invalid_client',
  [GenericCode.InvalidToken]: 'invalid_token',
  [GenericCode.TokenExpired]: 'invalid_token',
  [GenericCode.InsufficientScope]: 'unauthorized_client',
  [GenericCode.TenantForbidden]: 'unauthorized_client',
  [GenericCode.Forbidden]: 'unauthorized_client',
  [GenericCode.InternalError]: 'server_error',
  [GenericCode.ServiceUnavailable]: 'gateway_server_error',
};

export const slasDialect: Dialect = {
  name: 'slas',
  render(error: AppError) {
    return {
      status: error.status,
      contentType: 'application/problem+json',
      headers: { 'Cache-Control': 'no-store', ...(error.status === 401 && !error.headers['WWW-Authenticate'] ? { 'WWW-Authenticate': bearerChallenge('slas', 'invalid_token') } : {}), ...error.headers },
      body: { error: GENERIC_TO_SLAS[error.code] ?? error.code, error_description: error.message },
    };
  },
};
