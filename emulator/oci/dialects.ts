import { GenericCode, type AppError } from '../core/errors/app-error.js';
import type { Dialect } from '../core/errors/dialect.js';
import { renderProblem } from '../core/errors/dialects/commerce-api.js';

// OCI business errors: `{type: "about:blank", errorCode, message, parameterName?, ...context}` as problem+json.
// Token failures come from the Commerce API gateway in front of OCI and keep the SCAPI shape.

const GATEWAY_CODES = new Set<string>([
  GenericCode.Unauthorized,
  GenericCode.MalformedAuthorization,
  GenericCode.InvalidToken,
  GenericCode.TokenExpired,
  GenericCode.InsufficientScope,
]);

const GENERIC_TO_OCI: Partial<Record<string, [code: string, message?: string]>> = {
  [GenericCode.RouteNotFound]: ['ResourceNotFound'],
  [GenericCode.NotFound]: ['EntityNotFound'],
  [GenericCode.MethodNotAllowed]: ['InvalidRequest'],
  [GenericCode.MalformedJson]: ['InvalidRequest'],
  [GenericCode.MalformedBody]: ['InvalidRequest'],
  [GenericCode.MalformedPath]: ['InvalidRequest'],
  [GenericCode.ValidationFailed]: ['InvalidRequestParameter'],
  [GenericCode.UnsupportedMediaType]: ['InvalidRequest'],
  [GenericCode.PayloadTooLarge]: ['InvalidRequest'],
  [GenericCode.TenantForbidden]: ['TenantNotProvisioned', 'The client is not correctly configured to access the system.'],
  [GenericCode.Forbidden]: ['TenantNotProvisioned', 'The client is not correctly configured to access the system.'],
  [GenericCode.Conflict]: ['ConcurrentModification'],
  [GenericCode.InternalError]: ['Unknown', 'An unknown internal error has occurred'],
  [GenericCode.ServiceUnavailable]: ['ServiceUnavailable'],
};

export const ociDialect: Dialect = {
  name: 'oci',
  render(error: AppError) {
    if (GATEWAY_CODES.has(error.code)) return renderProblem(error, 'inventory');
    const [errorCode, message] = GENERIC_TO_OCI[error.code] ?? [error.code];
    return {
      status: error.status,
      contentType: 'application/problem+json',
      headers: { ...error.headers },
      body: { type: 'about:blank', errorCode, message: message ?? error.message, ...error.details },
    };
  },
};

/**
 * Impex answers as the other OCI APIs, except where its RAML declares otherwise: the tenant refusal is a
 * Spring-style 403 (`{timestamp, status, error, message, path, type}`, application/json), and a body that cannot
 * be read is an `InvalidRequestParameter` (the only 400 code its schemas allow).
 */
const IMPEX_400 = new Set<string>([GenericCode.MalformedJson, GenericCode.MalformedBody, GenericCode.MalformedPath, GenericCode.ValidationFailed, 'InvalidRequest']);

export const ociImpexDialect: Dialect = {
  name: 'oci',
  render(error: AppError, request) {
    if (error.code === GenericCode.TenantForbidden || error.code === GenericCode.Forbidden) {
      return {
        status: 403,
        contentType: 'application/json',
        headers: { ...error.headers },
        body: { timestamp: springTimestamp(new Date(request.now)), status: 403, error: 'Forbidden', message: 'No message available', path: request.path, type: 'about:blank' },
      };
    }
    const wire = ociDialect.render(error, request);
    if (error.status === 400 && IMPEX_400.has(error.code)) (wire.body as { errorCode: string }).errorCode = 'InvalidRequestParameter';
    return wire;
  },
};

/** Spring's default error timestamp: `2020-07-06T18:10:45.927+0000`. */
function springTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
