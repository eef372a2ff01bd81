import { Router, type RequestHandler, type Response } from 'express';
import { parseBody } from '../../core/http/parse-body.js';
import type { Services } from '../../party.js';
import { pairingOf } from '../inventory/pairing.js';
import type { NativeInventory } from '../inventory/service.js';
import { jobBody } from '../jobs/requests.js';
import type { JobsService } from '../jobs/service.js';
import type { SitesService } from '../sites/service.js';
import { bmPages } from './pages.js';
import { newSiteBody, retentionBody, siteInventoryListBody, siteStatusBody } from './requests.js';
import { inventoryPage, jobsPage, retentionPage, sitesPage } from './views.js';

// Business Manager pages as JSON (GET shows the page, POST is its button): Manage Sites (new site, storefront
// status, the site's inventory list), Retention Settings, Inventory (the lists, with the OCI place each one pairs
// with, or none) and Jobs (a job's steps and parameters).

export interface PagesDeps {
  session: RequestHandler[];
  sites: SitesService;
  inventory: NativeInventory;
  jobs: JobsService;
  /** Pairing asks the org and OCI. */
  services: Services;
  /** Retention Settings were saved (the OCI-mode purge runs again). */
  retentionSaved(instanceId: string): void;
  bodyLimit: number;
}

export function pagesRoutes(deps: PagesDeps): Router {
  const router = Router();
  const { sites, inventory, jobs } = deps;
  const inst = (res: Response) => String(res.locals.instance);
  const page = bmPages(router, deps.session, deps.bodyLimit);

  const showSites = (res: Response) => sitesPage(sites.sites(inst(res)));
  page('SiteManagement-Show', 'GET', (_req, res) => res.json(showSites(res)));
  page('SiteManagement-Create', 'POST', (req, res) => {
    const b = parseBody(newSiteBody, req.body);
    sites.createSite(inst(res), b.id, b.name ?? b.id, b.status ?? 'offline');
    res.status(201).json(showSites(res));
  });
  page('SiteManagement-SetStatus', 'POST', (req, res) => {
    const b = parseBody(siteStatusBody, req.body);
    sites.setStatus(inst(res), b.siteId, b.status);
    res.json(showSites(res));
  });
  page('SiteManagement-AssignInventoryList', 'POST', (req, res) => {
    const b = parseBody(siteInventoryListBody, req.body);
    sites.assignInventoryList(inst(res), b.siteId, b.inventoryListId);
    res.json(showSites(res));
  });

  page('RetentionSettings-Show', 'GET', (_req, res) => res.json(retentionPage(inventory.retentionDays(inst(res)))));
  page('RetentionSettings-Save', 'POST', (req, res) => {
    inventory.setRetentionDays(inst(res), parseBody(retentionBody, req.body).inventoryRecordRetentionDays);
    deps.retentionSaved(inst(res));
    res.json(retentionPage(inventory.retentionDays(inst(res))));
  });

  page('Inventory-Show', 'GET', (_req, res) => {
    const instanceId = inst(res);
    const first = sites.sites(instanceId)[0];
    const stores = first ? sites.stores(instanceId, first.id) : [];
    const rows = inventory.lists(instanceId).map((list) => ({
      list,
      records: inventory.records(instanceId, list.id).length,
      assignedSites: inventory.assignedSites(instanceId, list.id),
      stores,
      pairing: pairingOf(deps.services, instanceId, list.id),
    }));
    res.json(inventoryPage(rows));
  });

  const showJobs = (res: Response) => jobsPage(jobs.jobs(inst(res)).map((job) => ({ job, lastExecutions: jobs.lastExecutions(inst(res), job.id) })));
  page('Jobs-Show', 'GET', (_req, res) => res.json(showJobs(res)));
  page('Jobs-Save', 'POST', (req, res) => {
    jobs.saveJob(inst(res), parseBody(jobBody, req.body));
    res.json(showJobs(res));
  });
  return router;
}
