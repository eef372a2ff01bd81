import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Dialect } from '../../core/errors/dialect.js';

// The org's token endpoint speaks OAuth 2 with Salesforce's own habits: `error` before `error_description`,
// lower-case descriptions ("authentication failure"), and 400 for every refusal of a grant.

const GENERIC_TO_OAUTH: Partial<Record<string, string>> = {
  [GenericCode.MalformedJson]: 'invalid_request',
  [GenericCode.MalformedBody]: 'invalid_request',
  [GenericCode.ValidationFailed]: 'invalid_request',
  [GenericCode.UnsupportedMediaType]: 'invalid_request',
  [GenericCode.PayloadTooLarge]: 'invalid_request',
  [GenericCode.MethodNotAllowed]: 'invalid_request',
  [GenericCode.RouteNotFound]: 'not_found',
  [GenericCode.NotFound]: 'not_found',
  [GenericCode.InternalError]: 'server_error',
};

export const salesforceOAuthDialect: Dialect = {
  name: 'oauth',
  render(error: AppError) {
    return {
      status: error.status,
      contentType: 'application/json;charset=UTF-8',
      headers: { 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private', ...error.headers },
      body: { error: GENERIC_TO_OAUTH[error.code] ?? error.code, error_description: error.message },
    };
  },
};

/** A refused token request, as Salesforce words it; `explain` says why in the emulator's own words. */
export function oauthError(error: string, description: string, explain: string): AppError {
  return new AppError(400, error, description, { explain });
}

export const refusals = {
  unknownClient: (explain: string) => oauthError('invalid_client_id', 'client identifier invalid', explain),
  badClientSecret: (explain: string) => oauthError('invalid_client', 'invalid client credentials', explain),
  authenticationFailure: (explain: string) => oauthError('invalid_grant', 'authentication failure', explain),
  unsupportedGrant: (explain: string) => oauthError('unsupported_grant_type', 'grant type not supported', explain),
  noRunAsUser: (explain: string) => oauthError('invalid_grant', 'no client credentials user enabled', explain),
  invalidAssertion: (explain: string) => oauthError('invalid_grant', 'invalid assertion', explain),
  audience: (explain: string) => oauthError('invalid_grant', 'audience is invalid', explain),
  expiredAssertion: (explain: string) => oauthError('invalid_grant', 'expired authorization code', explain),
  notApproved: (explain: string) => oauthError('invalid_grant', "user hasn't approved this consumer", explain),
};
