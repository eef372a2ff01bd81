import { GenericCode, type AppError } from '../../core/errors/app-error.js';
import { bearerChallenge, type Dialect, type RequestFacts } from '../../core/errors/dialect.js';

// OCAPI: `{_v, fault: {type, message, arguments?}}`, `_v` taken from the version in the path (v25_6 → "25.6").
// Fault types follow the OCAPI global exceptions table; it has no 5xx row, so the 500 type is ours.

const GENERIC_TO_OCAPI: Partial<Record<string, string>> = {
  [GenericCode.RouteNotFound]: 'ResourcePathNotFoundException',
  [GenericCode.NotFound]: 'NotFoundException',
  [GenericCode.MethodNotAllowed]: 'MethodNotAllowedException',
  [GenericCode.MalformedJson]: 'BodyDecodingException',
  [GenericCode.MalformedBody]: 'BodyDecodingException',
  [GenericCode.MalformedPath]: 'MalformedParameterException',
  [GenericCode.ValidationFailed]: 'MalformedParameterException',
  [GenericCode.UnsupportedMediaType]: 'UnsupportedContentTypeException',
  [GenericCode.PayloadTooLarge]: 'RequestEntityTooLargeException',
  [GenericCode.Unauthorized]: 'AuthorizationHeaderMissingException',
  [GenericCode.MalformedAuthorization]: 'InvalidAuthorizationHeaderException',
  [GenericCode.InvalidToken]: 'InvalidAccessTokenException',
  [GenericCode.TokenExpired]: 'InvalidAccessTokenException',
  [GenericCode.InsufficientScope]: 'ClientAccessForbiddenException',
  [GenericCode.TenantForbidden]: 'ClientAccessForbiddenException',
  [GenericCode.Forbidden]: 'ClientAccessForbiddenException',
  [GenericCode.Conflict]: 'ConflictException',
  [GenericCode.InternalError]: 'InternalServerErrorException',
  [GenericCode.ServiceUnavailable]: 'ServiceUnavailableException',
};

/**
 * A domain error named by its Commerce API slug (`order-status-transition`, shared with the storefront's SCAPI
 * routes) is OCAPI's exception of the same name (`OrderStatusTransitionException`): both come from the one
 * Script API exception.
 */
function exceptionOf(code: string): string {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(code)) return code;
  return `${code.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase())}Exception`;
}

export function ocapiVersion(path: string): string {
  const m = /\/dw\/(?:data|shop|meta)\/v(\d+)_(\d+)(?:\/|$)/.exec(path);
  return m ? `${Number(m[1])}.${Number(m[2])}` : '25.6';
}

export const ocapiDialect: Dialect = {
  name: 'ocapi',
  render(error: AppError, request: RequestFacts) {
    const args = Object.keys(error.details).length > 0 ? { arguments: error.details } : {};
    return {
      status: error.status,
      contentType: 'application/json;charset=UTF-8',
      headers: error.status === 401 ? { 'WWW-Authenticate': bearerChallenge('ocapi', 'invalid_token'), ...error.headers } : { ...error.headers },
      body: { _v: ocapiVersion(request.path), fault: { ...args, type: GENERIC_TO_OCAPI[error.code] ?? exceptionOf(error.code), message: error.message } },
    };
  },
};
