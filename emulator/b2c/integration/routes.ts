import { Router, type RequestHandler, type Response } from 'express';
import { clientOf } from '../../core/auth/require-auth.js';
import type { Enforcement } from '../../core/enforcement.js';
import { parseBody } from '../../core/http/parse-body.js';
import type { Services } from '../../party.js';
import { bmPages } from '../business-manager/pages.js';
import { pairingOf } from '../inventory/pairing.js';
import type { OciCache } from '../oci-cache/service.js';
import { cacheCapBody, setModeBody, timeZoneBody } from './requests.js';
import type { IntegrationService } from './service.js';
import { integrationPage, timeZonePage } from './views.js';

// Business Manager pages of the integration (GET shows the page, POST is its button): Administration >
// Operations > OCI Integration (mode, warnings, Cache Status; Save switches the mode) and Administration > Global
// Preferences > Instance Time Zone (the night window of the combined stream follows it).

export interface IntegrationRouteDeps {
  session: RequestHandler[];
  integration: IntegrationService;
  cache: OciCache;
  enforcement: Enforcement;
  services: Services;
  bodyLimit: number;
}

export function integrationRoutes(deps: IntegrationRouteDeps): Router {
  const router = Router();
  const { integration, cache } = deps;
  const inst = (res: Response) => String(res.locals.instance);
  const page = bmPages(router, deps.session, deps.bodyLimit);

  const show = (instanceId: string) =>
    integrationPage({
      instance: instanceId,
      mode: integration.mode(instanceId),
      allowed: integration.allowed(instanceId),
      tenantGroupId: integration.tenantGroup(instanceId),
      enforcement: deps.enforcement.mode,
      timeZone: integration.timeZone(instanceId),
      cap: integration.cacheCap(instanceId),
      cached: cache.count(instanceId),
      warnings: integration.warnings(instanceId),
      rows: cache.listStatus(instanceId).map((status) => ({ status, pairing: pairingOf(deps.services, instanceId, status.listId) })),
      history: integration.history(instanceId),
    });

  page('OCIIntegration-Show', 'GET', (_req, res) => res.json(show(inst(res))));
  page('OCIIntegration-SetMode', 'POST', (req, res) => {
    const { mode } = parseBody(setModeBody, req.body);
    const { change, warnings } = integration.setMode(inst(res), mode, clientOf(res.locals.principal) ?? 'business-manager');
    // The page in its new mode, the change, and what stood against the switch when it was made.
    res.json({ ...show(inst(res)), change: change ?? null, switchWarnings: warnings });
  });
  page('OCIIntegration-SetCacheCap', 'POST', (req, res) => {
    integration.setCacheCap(inst(res), parseBody(cacheCapBody, req.body).cap);
    res.json(show(inst(res)));
  });

  page('InstanceTimeZone-Show', 'GET', (_req, res) => res.json(timeZonePage(integration.timeZone(inst(res)))));
  page('InstanceTimeZone-Save', 'POST', (req, res) => {
    integration.setTimeZone(inst(res), parseBody(timeZoneBody, req.body).timeZone);
    res.json(timeZonePage(integration.timeZone(inst(res))));
  });
  return router;
}
