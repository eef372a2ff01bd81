import type { Request, Response } from 'express';
import type { SalesforceOrgPrincipal } from '../../core/auth/principal.js';
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
