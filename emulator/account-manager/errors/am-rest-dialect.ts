import { GenericCode, type AppError } from '../../core/errors/app-error.js';
import { bearerChallenge, type Dialect } from '../../core/errors/dialect.js';

// The Account Manager admin REST API (Spring): `{errors: [{message, code, fieldErrors}]}`.

const GENERIC_TO_AM: Partial<Record<string, string>> = {
  [GenericCode.Unauthorized]: 'InsufficientAuthenticationException',
  [GenericCode.MalformedAuthorization]: 'InsufficientAuthenticationException',
  [GenericCode.InvalidToken]: 'InvalidTokenException',
  [GenericCode.TokenExpired]: 'InvalidTokenException',
  [GenericCode.InsufficientScope]: 'AccessDeniedException',
  [GenericCode.TenantForbidden]: 'AccessDeniedException',
  [GenericCode.Forbidden]: 'AccessDeniedException',
  [GenericCode.RouteNotFound]: 'NoHandlerFoundException',
  [GenericCode.NotFound]: 'NotFoundException',
  [GenericCode.MalformedJson]: 'HttpMessageNotReadableException',
  [GenericCode.MalformedBody]: 'HttpMessageNotReadableException',
  [GenericCode.MalformedPath]: 'RequestRejectedException',
  [GenericCode.ValidationFailed]: 'invalid argument APIClient',
  [GenericCode.UnsupportedMediaType]: 'HttpMediaTypeNotSupportedException',
  [GenericCode.PayloadTooLarge]: 'PayloadTooLargeException',
  [GenericCode.MethodNotAllowed]: 'HttpRequestMethodNotSupportedException',
  [GenericCode.Conflict]: 'ConflictException',
  [GenericCode.InternalError]: 'InternalServerErrorException',
  [GenericCode.ServiceUnavailable]: 'ServiceUnavailableException',
};

export const amRestDialect: Dialect = {
  name: 'am-rest',
  render(error: AppError) {
    const fieldErrors = Array.isArray(error.details.fieldErrors) ? error.details.fieldErrors : null;
    return {
      status: error.status,
      contentType: 'application/json',
      headers: error.status === 401 ? { 'WWW-Authenticate': bearerChallenge('account-manager', 'invalid_token'), ...error.headers } : { ...error.headers },
      body: { errors: [{ message: error.message, code: GENERIC_TO_AM[error.code] ?? error.code, fieldErrors }] },
    };
  },
};
