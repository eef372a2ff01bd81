import { Router, type RequestHandler } from 'express';
import { clientOf } from '../../core/auth/require-auth.js';
import { onlyMethods } from '../../core/http/methods.js';
import type { TrustRelationship } from '../../salesforce-org/model.js';
import type { TrustService } from '../../salesforce-org/trust/service.js';

// Business Manager → Administration → Global Preferences → Cross Cloud Trust, as JSON: the trust request an org
// sent (who asks, for which tenant group) with Allow and Deny, and once trust exists, its Super Tenant, Tenant
// Group and Last Modified.

const PAGE = '/on/demandware.store/Sites-Site/default/CrossCloudTrust-Show';
const ALLOW = '/on/demandware.store/Sites-Site/default/CrossCloudTrust-Allow';
const DENY = '/on/demandware.store/Sites-Site/default/CrossCloudTrust-Deny';

export function crossCloudTrustRoutes(deps: { trust: TrustService; session: RequestHandler[] }): Router {
  const router = Router();
  const page = (instanceId: string) => {
    const { pending, current } = deps.trust.crossCloudTrust(instanceId);
    return {
      page: 'Administration > Global Preferences > Cross Cloud Trust',
      instance: instanceId,
      trustRequest: pending ? requestView(deps.trust, pending) : null,
      trust: current ? { superTenant: current.orgId, tenantGroup: current.tenantGroupId, status: current.status, lastModified: current.lastModified } : null,
    };
  };
  router.get(PAGE, ...deps.session, (_req, res) => {
    res.json(page(String(res.locals.instance)));
  });
  router.all(PAGE, onlyMethods(['GET', 'HEAD']));
  for (const [path, allow] of [[ALLOW, true], [DENY, false]] as const) {
    router.post(path, ...deps.session, (_req, res) => {
      deps.trust.decide(String(res.locals.instance), allow, clientOf(res.locals.principal) ?? 'business-manager');
      res.json(page(String(res.locals.instance)));
    });
    router.all(path, onlyMethods(['POST']));
  }
  return router;
}

function requestView(trust: TrustService, t: TrustRelationship) {
  const org = trust.orgOf(t);
  return {
    id: t.id,
    from: { orgId: t.orgId, orgName: org?.name ?? t.orgId, requestedBy: t.requestedBy },
    tenantGroup: t.tenantGroupId,
    requestedAt: t.requestedAt,
    actions: ['Allow', 'Deny'],
  };
}
