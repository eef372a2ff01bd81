import type { Request, Response } from 'express';
import type { SalesforceOrgPrincipal } from '../../core/auth/principal.js';
import type { MethodChain } from '../../core/http/resource.js';
import { restVersion } from '../api-versions.js';

// What every resource under /services/data reads from a request: the API version of its path and the org session
// that calls it (set by the org-session guard).

/** The version of a path already checked by the version guard (sobjects/routes.ts). */
export function version(req: Request): number {
  return restVersion(String(req.params.version));
}

export function caller(res: Response): SalesforceOrgPrincipal {
  return res.locals.principal as SalesforceOrgPrincipal;
}

/**
 * Salesforce lists HEAD in `Allow` wherever it serves GET. Express answers HEAD with the GET chain anyway; naming the
 * chain again puts HEAD among the resource's methods (spread it where Salesforce puts HEAD in its list).
 */
export function head(get: MethodChain): { HEAD: MethodChain } {
  return { HEAD: get };
}
