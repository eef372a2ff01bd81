import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Services } from '../../party.js';
import { restVersion } from '../../salesforce-org/api-versions.js';
import { CONNECT_REFUSALS, outageGate } from '../outage/gate.js';

// What every Connect OCI resource shares: an org session whose org has OCI provisioned (its tenant group goes to
// `res.locals.tenant`), the API version the resource arrived in, and request errors in Salesforce REST's words.

/**
 * The OCI outage gate (a fault refuses in Salesforce REST's words, before the session is looked at), the org
 * session guard (the org's), then the org's tenant group (the org says which).
 */
export function connectSession(services: Services): RequestHandler[] {
  const outage = outageGate(() => services.oci?.outage.current(), CONNECT_REFUSALS);
  const session: RequestHandler = (req, res, next) => services.salesforceOrg!.orgSession(req, res, next);
  const orgTenant = (_req: Request, res: Response, next: NextFunction) => {
    const principal = res.locals.principal;
    const group = principal?.kind === 'salesforce-org' ? services.salesforceOrg?.tenantGroupOfOrg(principal.orgId) : undefined;
    if (!group?.provisioned) {
      return next(new AppError(403, 'FUNCTIONALITY_NOT_ENABLED', 'Omnichannel Inventory is not enabled for this organization.'));
    }
    res.locals.tenant = group.id;
    next();
  };
  return [outage, session, orgTenant];
}

export const tenantOf = (res: { locals: { tenant?: string } }): string => res.locals.tenant!;

/** A Connect resource exists from the API version it arrived in; answers the version asked for. */
export function since(segment: string, first: number): number {
  const version = restVersion(segment);
  if (version < first) {
    throw new AppError(404, GenericCode.RouteNotFound, 'The requested resource does not exist', { explain: `this resource exists from API version ${first}.0` });
  }
  return version;
}

export function connectParse<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) throw invalid('A request body is required');
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw invalid(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}

export function invalid(message: string): AppError {
  return new AppError(400, GenericCode.ValidationFailed, message);
}
