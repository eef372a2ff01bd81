import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Store } from '../../core/store/store.js';
import { jsonBody } from '../../core/http/body.js';
import { parseBody } from '../../core/http/parse-body.js';
import { onlyMethods } from '../../core/http/methods.js';
import type { Services } from '../../party.js';
import type { NativeInventory } from '../inventory/service.js';
import { pairingOf } from '../inventory/pairing.js';
import type { SitesService } from '../sites/service.js';

// Business Manager pages of Phase 2, as JSON (GET shows the page, POST is its button): Manage Sites (new site,
// storefront status, the site's inventory list), Retention Settings, and Inventory (the lists, with the OCI place
// each one pairs with, or none).

const PIPELINE = '/on/demandware.store/Sites-Site/default';

export interface AdminPagesDeps {
  session: RequestHandler[];
  sites: SitesService;
  inventory: NativeInventory;
  store: Store;
  /** Pairing asks the org and OCI. */
  services: Services;
  bodyLimit: number;
}

const status = z.enum(['online', 'offline', 'maintenance', 'protected'], "must be 'online', 'offline', 'maintenance' or 'protected'");

export function adminPagesRoutes(deps: AdminPagesDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const inst = (res: Response) => String(res.locals.instance);
  const { sites, inventory } = deps;

  const sitesPage = (instanceId: string) => ({
    page: 'Administration > Sites > Manage Sites',
    sites: sites.sites(instanceId).map((s) => ({ id: s.id, name: s.name, status: s.status, inventoryListId: s.inventoryListId })),
  });
  router.get(`${PIPELINE}/SiteManagement-Show`, ...deps.session, (_req, res) => {
    res.json(sitesPage(inst(res)));
  });
  router.post(`${PIPELINE}/SiteManagement-Create`, ...deps.session, ...json, (req, res) => {
    const b = parseBody(z.object({ id: z.string('must be a string'), name: z.string('must be a string').optional(), status: status.optional() }), req.body);
    sites.createSite(inst(res), b.id, b.name ?? b.id, b.status ?? 'offline');
    res.status(201).json(sitesPage(inst(res)));
  });
  router.post(`${PIPELINE}/SiteManagement-SetStatus`, ...deps.session, ...json, (req, res) => {
    const b = parseBody(z.object({ siteId: z.string('must be a string'), status }), req.body);
    sites.setStatus(inst(res), b.siteId, b.status);
    res.json(sitesPage(inst(res)));
  });
  router.post(`${PIPELINE}/SiteManagement-AssignInventoryList`, ...deps.session, ...json, (req, res) => {
    const b = parseBody(z.object({ siteId: z.string('must be a string'), inventoryListId: z.string('must be a string').nullable() }), req.body);
    sites.assignInventoryList(inst(res), b.siteId, b.inventoryListId);
    res.json(sitesPage(inst(res)));
  });

  const retention = (instanceId: string) => ({
    page: 'Administration > Global Preferences > Retention Settings',
    inventoryRecordRetentionDays: inventory.retentionDays(instanceId) ?? null,
  });
  router.get(`${PIPELINE}/RetentionSettings-Show`, ...deps.session, (_req, res) => {
    res.json(retention(inst(res)));
  });
  router.post(`${PIPELINE}/RetentionSettings-Save`, ...deps.session, ...json, (req, res) => {
    const b = parseBody(z.object({ inventoryRecordRetentionDays: z.number('must be a number of days').int('must be whole days').min(0, 'must be 0 or more') }), req.body);
    inventory.setRetentionDays(inst(res), b.inventoryRecordRetentionDays);
    res.json(retention(inst(res)));
  });

  router.get(`${PIPELINE}/Inventory-Show`, ...deps.session, (_req, res) => {
    const instanceId = inst(res);
    const stores = sites.sites(instanceId).length > 0 ? sites.stores(instanceId, sites.sites(instanceId)[0]!.id) : [];
    res.json({
      page: 'Merchant Tools > Products and Catalogs > Inventory',
      lists: inventory.lists(instanceId).map((l) => {
        const pairing = pairingOf(deps.services, instanceId, l.id);
        return {
          id: l.id,
          description: l.description,
          records: inventory.records(instanceId, l.id).length,
          assignedSites: inventory.assignedSites(instanceId, l.id),
          stores: stores.filter((s) => s.inventoryId === l.id).map((s) => s.id),
          pairedWith: pairing ? { type: pairing.type, id: pairing.id } : null,
          ...(pairing ? {} : { warning: `No OCI location or group has the External Reference '${l.id}' in the linked tenant group: this list is unpaired and will get no OCI data.` }),
        };
      }),
    });
  });

  for (const [page, methods] of [
    ['SiteManagement-Show', ['GET']],
    ['SiteManagement-Create', ['POST']],
    ['SiteManagement-SetStatus', ['POST']],
    ['SiteManagement-AssignInventoryList', ['POST']],
    ['RetentionSettings-Show', ['GET']],
    ['RetentionSettings-Save', ['POST']],
    ['Inventory-Show', ['GET']],
  ] as const) {
    router.all(`${PIPELINE}/${page}`, onlyMethods(methods));
  }
  return router;
}
