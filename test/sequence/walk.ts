import type { Response } from 'supertest';
import { expect } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import type { EnforcementMode } from '../../emulator/core/enforcement.js';
import type { SequenceReport, StepReport } from '../../emulator/sequence/report.js';
import { startEmulator, TENANT, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { API, orgToken } from '../salesforce-org/helpers.js';

// The setup guide walked over HTTP from the `fresh` fixture (nothing of the guide done), one call per step, the way
// a team's scripts and people at the pages do it — for the sequence checker's proofs: in order it must pass strict
// mode; each documented mistake is one of these steps taken early or skipped.

export const BM = '/on/demandware.store/Sites-Site/default';
export const DATA = '/s/-/dw/data/v25_6';
export const SKUS = Array.from({ length: 6 }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`);
const REMOTE = `https://${DEMO.b2c.bmHost}/on/`;

export interface Walk {
  run: Running;
  org: string;
  am: string;
  ocapi: string;
  /** The report, JSON (checked to be 200). */
  report(query?: string): Promise<SequenceReport>;
  step(name: string, report?: SequenceReport): StepReport;
  publishGraph(): Promise<Response>;
  loadAvailability(safetyStock: number): Promise<Response>;
  createLists(ids?: readonly string[]): Promise<void>;
  assignLists(): Promise<void>;
  setRetention(days: number): Promise<Response>;
  turnOnIntegration(wait?: boolean): Promise<Response>;
  requestTrust(): Promise<Response>;
  allow(): Promise<Response>;
  establish(): Promise<Response>;
  setSiteStatus(status: 'online' | 'offline' | 'maintenance'): Promise<Response>;
  setMode(mode: 'B2C' | 'OCI_CACHE' | 'OCI'): Promise<Response>;
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

export async function startWalk(enforcement: EnforcementMode = 'strict', fixtures: 'fresh' | 'demo' | 'before-trust' = 'fresh'): Promise<Walk> {
  const run = await startEmulator({ fixtures, enforcement });
  const org = await orgToken(run);
  const am = await tokenFor(run.http);
  const ocapi = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
  const bm = (page: string, body: object) => run.http.post(`${BM}/${page}`).set('Authorization', `Bearer ${am}`).send(body);
  const setup = (path: string, body?: object) => run.http.post(path).set('Authorization', `Bearer ${org}`).send(body ?? {});
  let trustId: string | undefined;
  const walk: Walk = {
    run,
    org,
    am,
    ocapi,
    async report(query = '') {
      const res = await run.http.get(`/__emulator/sequence${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body as SequenceReport;
    },
    step(name, report) {
      const found = report?.integrations[0]?.steps.find((s) => s.step === name);
      if (!found) throw new Error(`no step ${name} in the report`);
      return found;
    },
    async publishGraph() {
      const res = await setup(`${API}/commerce/oci/location-graph/uploads`);
      expect(res.status, res.text).toBe(201);
      await run.emulator.clock.advance(2_000);
      return res;
    },
    async loadAvailability(safetyStock) {
      const records = DEMO.locations.flatMap((location) => SKUS.map((sku, i) => ({ actionRequestId: `${location}-${sku}`, locationIdentifier: location, stockKeepingUnit: sku, onHand: 20 + i, safetyStockCount: safetyStock, effectiveDate: '2026-03-01T00:00:00.000Z' })));
      const res = await setup(`${API}/commerce/oci/availability-records/actions/batch-update`, { records });
      expect(res.status, res.text).toBe(201);
      return res;
    },
    async createLists(ids = ['US-ONLINE', 'STORE-BOS', 'STORE-DEN']) {
      for (const id of ids) {
        const res = await run.http.put(`${DATA}/inventory_lists/${id}`).set('Authorization', `Bearer ${ocapi}`).send({ description: `${id} (paired)` });
        expect(res.status, res.text).toBeLessThan(300);
      }
    },
    async assignLists() {
      expect((await bm('SiteManagement-AssignInventoryList', { siteId: DEMO.b2c.siteId, inventoryListId: 'US-ONLINE' })).status).toBe(200);
      for (const [store, list] of [['store-bos', 'STORE-BOS'], ['store-den', 'STORE-DEN']]) {
        const res = await run.http.patch(`${DATA}/sites/${DEMO.b2c.siteId}/stores/${store}`).set('Authorization', `Bearer ${ocapi}`).send({ inventory_id: list });
        expect(res.status, res.text).toBe(200);
      }
    },
    setRetention: (days) => bm('RetentionSettings-Save', { inventoryRecordRetentionDays: days }),
    async turnOnIntegration(wait = true) {
      const res = await setup('/lightning/setup/OmnichannelInventory/home', { b2cCommerceIntegration: true });
      if (wait) await run.emulator.clock.advance(10 * 60_000);
      return res;
    },
    async requestTrust() {
      const res = await setup('/lightning/setup/C2CTrustRelationships/home', { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE });
      if (res.status < 300) trustId = res.body.id as string;
      return res;
    },
    allow: () => bm('CrossCloudTrust-Allow', {}),
    establish: () => setup(`/lightning/setup/C2CTrustRelationships/${trustId}/establish`),
    setSiteStatus: (status) => bm('SiteManagement-SetStatus', { siteId: DEMO.b2c.siteId, status }),
    setMode: (mode) => bm('OCIIntegration-SetMode', { mode }),
    async catchUp() {
      await catchUp(run.emulator);
    },
    close: () => run.close(),
  };
  return walk;
}

/** Every step up to the switch to OCI Cache Enabled, in the guide's order (safety stock as given). */
export async function prepareAll(w: Walk, options: { safetyStock?: number; lists?: readonly string[] } = {}): Promise<void> {
  await w.publishGraph();
  await w.loadAvailability(options.safetyStock ?? 2);
  await w.createLists(options.lists);
  await w.assignLists();
  expect((await w.setRetention(30)).status).toBe(200);
  expect((await w.turnOnIntegration()).status).toBe(200);
  expect((await w.requestTrust()).status).toBeLessThan(300);
  expect((await w.allow()).status).toBe(200);
  expect((await w.establish()).status).toBe(200);
}

export { TENANT, TENANT_GROUP };
