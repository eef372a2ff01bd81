import { GenericCode, type AppError } from '../../core/errors/app-error.js';
import type { Dialect } from '../../core/errors/dialect.js';

// Salesforce REST API (`/services/data`): a JSON array of `{message, errorCode}` (plus `fields` on validation).

const GENERIC_TO_SF: Partial<Record<string, string>> = {
  [GenericCode.RouteNotFound]: 'NOT_FOUND',
  [GenericCode.NotFound]: 'NOT_FOUND',
  [GenericCode.MethodNotAllowed]: 'METHOD_NOT_ALLOWED',
  [GenericCode.MalformedJson]: 'JSON_PARSER_ERROR',
  [GenericCode.MalformedBody]: 'JSON_PARSER_ERROR',
  [GenericCode.MalformedPath]: 'INVALID_INPUT',
  [GenericCode.ValidationFailed]: 'INVALID_INPUT',
  [GenericCode.UnsupportedMediaType]: 'UNSUPPORTED_MEDIA_TYPE',
  [GenericCode.PayloadTooLarge]: 'REQUEST_ENTITY_TOO_LARGE',
  [GenericCode.Unauthorized]: 'INVALID_SESSION_ID',
  [GenericCode.MalformedAuthorization]: 'INVALID_SESSION_ID',
  [GenericCode.InvalidToken]: 'INVALID_SESSION_ID',
  [GenericCode.TokenExpired]: 'INVALID_SESSION_ID',
  [GenericCode.InsufficientScope]: 'INSUFFICIENT_ACCESS',
  [GenericCode.TenantForbidden]: 'INSUFFICIENT_ACCESS',
  [GenericCode.Forbidden]: 'INSUFFICIENT_ACCESS',
  [GenericCode.Conflict]: 'DUPLICATE_VALUE',
  [GenericCode.InternalError]: 'UNKNOWN_EXCEPTION',
  [GenericCode.ServiceUnavailable]: 'SERVER_UNAVAILABLE',
};

const SESSION_CODES = new Set<string>([GenericCode.Unauthorized, GenericCode.MalformedAuthorization, GenericCode.InvalidToken, GenericCode.TokenExpired]);

export const salesforceRestDialect: Dialect = {
  name: 'salesforce-rest',
  render(error: AppError) {
    const headers: Record<string, string> = { ...error.headers };
    if (error.status === 401 && !headers['WWW-Authenticate']) headers['WWW-Authenticate'] = 'Token';
    const message = vendorMessage(error);
    const fields = Array.isArray(error.details.fields) ? { fields: error.details.fields } : {};
    return {
      status: error.status,
      contentType: 'application/json;charset=UTF-8',
      headers,
      body: [{ message, errorCode: GENERIC_TO_SF[error.code] ?? error.code, ...fields }],
    };
  },
};

function vendorMessage(error: AppError): string {
  if (SESSION_CODES.has(error.code)) return 'Session expired or invalid';
  if (error.code === GenericCode.RouteNotFound) return 'The requested resource does not exist';
  if (error.code === GenericCode.MethodNotAllowed) {
    return `HTTP Method '${String(error.details.method)}' not allowed. Allowed are ${(error.headers.Allow ?? '').replace(/\s+/g, '')}`;
  }
  if (error.code === GenericCode.UnsupportedMediaType) {
    return `MediaType of '${String(error.details.mediaType ?? '')}' is not supported by this resource`;
  }
  return error.message;
}
