import type { RequestHandler } from 'express';
import type { Authenticator } from '../../core/auth/authenticator.js';
import { requireAuth } from '../../core/auth/require-auth.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { SalesforceRepository } from '../repository.js';

// The guard of the org's APIs and pages: a session of an existing org (OAuth token or SOAP session id) whose
// scopes allow API access. Anything else is an invalid session to Salesforce, an Account Manager JWT included.

const API_SCOPES = ['api', 'full', 'refresh_token'];

export function orgSession(authenticator: Authenticator, repo: SalesforceRepository): RequestHandler {
  return requireAuth(authenticator, {
    check: (principal) => {
      if (principal.kind !== 'salesforce-org') {
        return new AppError(401, GenericCode.InvalidToken, 'Session expired or invalid', {
          explain: `a ${principal.kind} token is not a Salesforce org session`,
        });
      }
      if (!repo.org(principal.orgId)) {
        return new AppError(401, GenericCode.InvalidToken, 'Session expired or invalid', { explain: `org ${principal.orgId} no longer exists` });
      }
      if (!API_SCOPES.some((s) => principal.scopes.has(s))) {
        return new AppError(401, 'INVALID_SESSION_ID', 'This session is not valid for use with the REST API', {
          explain: `the session's scopes (${[...principal.scopes].join(' ') || 'none'}) include none of ${API_SCOPES.join(', ')}`,
        });
      }
      return undefined;
    },
  });
}
