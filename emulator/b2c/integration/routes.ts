import { Router, type RequestHandler, type Response } from 'express';
import { clientOf } from '../../core/auth/require-auth.js';
import type { Enforcement } from '../../core/enforcement.js';
import { jsonBody } from '../../core/http/body.js';
import { parseBody } from '../../core/http/parse-body.js';
import { resource } from '../../core/http/resource.js';
import type { Services } from '../../party.js';
import { pairingOf } from '../inventory/pairing.js';
import type { OciCache } from '../oci-cache/service.js';
import { cacheCapBody, setModeBody, timeZoneBody } from './requests.js';
import type { IntegrationService } from './service.js';
import { integrationPage, timeZonePage } from './views.js';

// Business Manager pages of the integration (GET shows the page, POST is its button): Administration >
// Operations > OCI Integration (mode, warnings, Cache Status; Save switches the mode) and Administration > Global
// Preferences > Instance Time Zone (the night window of the combined stream follows it).

const PIPELINE = '/on/demandware.store/Sites-Site/default';

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
  const json = jsonBody({ limit: deps.bodyLimit });
  const { session, integration, cache } = deps;
  const inst = (res: Response) => String(res.locals.instance);
  const page = (name: string, method: 'GET' | 'POST', handler: RequestHandler) =>
    resource(router, undefined, `${PIPELINE}/${name}`, { [method]: method === 'GET' ? [...session, handler] : [...session, ...json, handler] });

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
      history: integration.state(instanceId).history,
    });

  page('OCIIntegration-Show', 'GET', (_req, res) => res.json(show(inst(res))));
  page('OCIIntegration-SetMode', 'POST', (req, res) => {
    const { mode } = parseBody(setModeBody, req.body);
    const change = integration.setMode(inst(res), mode, clientOf(res.locals.principal) ?? 'business-manager');
    res.json({ ...show(inst(res)), change: change ?? null });
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
