import { GenericCode, type AppError } from '../app-error.js';
import { bearerChallenge, SCAPI_ERROR_BASE, type Dialect, type WireError } from '../dialect.js';

// B2C Commerce API (SCAPI) errors: RFC 7807 problem+json with Salesforce's documentation URIs as `type`.
// OCI sits behind the same gateway, so its authentication failures use this shape too.

const SLUGS: Partial<Record<string, [slug: string, title: string]>> = {
  [GenericCode.RouteNotFound]: ['not-found', 'Not Found'],
  [GenericCode.NotFound]: ['resource-not-found', 'Resource Not Found'],
  [GenericCode.MethodNotAllowed]: ['method-not-allowed', 'Method Not Allowed'],
  [GenericCode.MalformedJson]: ['bad-request', 'Bad Request'],
  [GenericCode.MalformedBody]: ['bad-request', 'Bad Request'],
  [GenericCode.MalformedPath]: ['bad-request', 'Bad Request'],
  [GenericCode.ValidationFailed]: ['validation', 'Bad Request'],
  [GenericCode.UnsupportedMediaType]: ['unsupported-media-type', 'Unsupported Media Type'],
  [GenericCode.PayloadTooLarge]: ['payload-too-large', 'Payload Too Large'],
  [GenericCode.Unauthorized]: ['unauthorized', 'Unauthorized'],
  [GenericCode.MalformedAuthorization]: ['unauthorized', 'Unauthorized'],
  [GenericCode.InvalidToken]: ['unauthorized', 'Unauthorized'],
  [GenericCode.TokenExpired]: ['unauthorized', 'Unauthorized'],
  [GenericCode.InsufficientScope]: ['forbidden', 'Forbidden'],
  [GenericCode.TenantForbidden]: ['forbidden', 'Forbidden'],
  [GenericCode.Forbidden]: ['forbidden', 'Forbidden'],
  [GenericCode.Conflict]: ['conflict', 'Conflict'],
  [GenericCode.InternalError]: ['internal-server-error', 'Internal Server Error'],
  [GenericCode.ServiceUnavailable]: ['service-unavailable', 'Service Unavailable'],
};

export function renderProblem(error: AppError, realm: string): WireError {
  const [slug, title] = SLUGS[error.code] ?? (SLUG.test(error.code) ? [error.code, titleOf(error.code)] : [kebab(error.code), error.code]);
  const headers: Record<string, string> = { ...error.headers };
  if (error.status === 401 && !headers['WWW-Authenticate']) {
    headers['WWW-Authenticate'] = bearerChallenge(realm, 'invalid_token', error.message);
  }
  if (error.code === GenericCode.InsufficientScope && !headers['WWW-Authenticate']) {
    headers['WWW-Authenticate'] = bearerChallenge(realm, 'insufficient_scope', error.message);
  }
  const { parameterName: _ignored, ...extra } = error.details;
  return {
    status: error.status,
    contentType: 'application/problem+json',
    headers,
    body: { type: `${SCAPI_ERROR_BASE}${slug}`, title, detail: vendorDetail(error), ...extra },
  };
}

/** A domain error named by its SCAPI slug (`basket-not-found`): the title is the slug in words, as Salesforce writes it. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

function titleOf(slug: string): string {
  return slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function kebab(code: string): string {
  return code.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export const scapiDialect: Dialect = {
  name: 'scapi',
  render: (error) => renderProblem(error, 'commercecloud'),
};

const TOKEN_CODES = new Set<string>([GenericCode.Unauthorized, GenericCode.MalformedAuthorization, GenericCode.InvalidToken, GenericCode.TokenExpired]);

function vendorDetail(error: AppError): string {
  if (TOKEN_CODES.has(error.code)) return 'Your access token is invalid or expired and can’t be used to identify a user.';
  return error.message;
}
