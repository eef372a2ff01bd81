import { Router, type RequestHandler, type Response } from 'express';
import { clientOf } from '../../core/auth/require-auth.js';
import { resource, type HttpMethod, type MethodChain } from '../../core/http/resource.js';
import type { TrustService } from '../../salesforce-org/trust/service.js';
import { PIPELINE } from './pages.js';
import { crossCloudTrustPage } from './views.js';

// Business Manager → Administration → Global Preferences → Cross Cloud Trust, as JSON: the trust request an org
// sent (who asks, for which tenant group) with Allow and Deny, and once trust exists, its Super Tenant, Tenant
// Group and Last Modified. The trust itself is the org's (its service decides).

export function crossCloudTrustRoutes(deps: { trust: TrustService; session: RequestHandler[] }): Router {
  const router = Router();
  const { trust, session } = deps;
  const show = (res: Response) => {
    const instanceId = String(res.locals.instance);
    const { pending, current } = trust.crossCloudTrust(instanceId);
    res.json(crossCloudTrustPage(instanceId, pending, current, (t) => trust.orgOf(t)?.name));
  };
  const page = [...session, (_req: unknown, res: Response) => show(res)];
  // HEAD is listed in Allow beside GET (Express answers it with the GET chain).
  const methods: Partial<Record<HttpMethod, MethodChain>> = { GET: page, HEAD: page };
  resource(router, undefined, `${PIPELINE}/CrossCloudTrust-Show`, methods);
  for (const [action, allow] of [['Allow', true], ['Deny', false]] as const) {
    resource(router, undefined, `${PIPELINE}/CrossCloudTrust-${action}`, {
      POST: [
        ...session,
        (_req, res) => {
          trust.decide(String(res.locals.instance), allow, clientOf(res.locals.principal) ?? 'business-manager');
          show(res);
        },
      ],
    });
  }
  return router;
}
