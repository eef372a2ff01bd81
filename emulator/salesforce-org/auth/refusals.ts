import { AppError } from '../../core/errors/app-error.js';

// How the org's token endpoint refuses, in Salesforce's words (rendered by the salesforce-oauth dialect).

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
