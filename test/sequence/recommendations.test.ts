import { describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import type { SequenceReport } from '../../emulator/sequence/report.js';
import { inventoryXml } from '../b2c/helpers.js';
import { tokenFor } from '../helpers/emulator.js';
import { guestToken, ORDERS, readyBasket, SITE } from '../helpers/shopper.js';
import { BM, DATA, prepareAll, startWalk, type Walk } from './walk.js';

// What the guide recommends beside the order (recommendations.ts): a recommendation gone against is reported on
// its step and counted in `against`, but never changes the verdict — a walk in order with the storefront online is
// still "followed". Each case walks from the `fresh` fixture in strict mode, so the order itself is never at fault.

const HOUR = 60 * 60_000;
const DAV = '/on/demandware.servlet/webdav/Sites';
const codes = (w: Walk, step: string, report: SequenceReport) => w.step(step, report).against.map((r) => r.code);

async function withWalk(body: (w: Walk) => Promise<void>): Promise<void> {
  const w = await startWalk('strict');
  try {
    await body(w);
  } finally {
    await w.close();
  }
}

/** From prepared to Omnichannel Inventory the documented way; the site as given during the switch. */
async function activate(w: Walk, siteDuringSwitch: 'online' | 'maintenance') {
  expect((await w.setMode('OCI_CACHE')).status).toBe(200);
  await w.catchUp();
  if (siteDuringSwitch !== 'online') expect((await w.setSiteStatus(siteDuringSwitch)).status).toBe(200);
  const res = await w.setMode('OCI');
  expect(res.status, res.text).toBe(200);
  if (siteDuringSwitch !== 'online') expect((await w.setSiteStatus('online')).status).toBe(200);
  return res;
}

/** A direct B2C inventory import, the way B2C teams run it: a file over WebDAV, an ImportInventoryLists job, run over OCAPI. */
async function directImport(w: Walk, name: string): Promise<void> {
  // Fresh tokens: the walk's own have expired once the clock has moved on by hours.
  const am = await tokenFor(w.run.http);
  const ocapi = await tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
  const file = inventoryXml('US-ONLINE', `<record product-id="SKU-0001"><allocation>7</allocation></record>`);
  const put = await w.run.http.put(`${DAV}/Impex/src/inventory/${name}.xml`).set('Authorization', `Bearer ${am}`).set('Content-Type', 'application/xml').send(file);
  expect(put.status, put.text).toBe(201);
  const steps = [{ type: 'ImportInventoryLists', parameters: { WorkingFolder: 'inventory', FileNamePattern: '.*\\.xml$', ImportMode: 'Merge', AfterImportFileHandling: 'Archive' } }];
  expect((await w.run.http.post(`${BM}/Jobs-Save`).set('Authorization', `Bearer ${am}`).send({ id: 'direct-inventory', steps })).status).toBe(200);
  const run = await w.run.http.post(`${DATA}/jobs/direct-inventory/executions`).set('Authorization', `Bearer ${ocapi}`).send({});
  expect(run.status, run.text).toBe(200);
  expect(run.body).toMatchObject({ execution_status: 'finished', exit_status: { code: 'OK' } });
}

describe('RETENTION_ZERO', () => {
  it('a retention saved as 0 leaves the step not done and goes against the guide; 30 clears both', () =>
    withWalk(async (w) => {
      expect((await w.setRetention(0)).status).toBe(200);
      let report = await w.report();
      expect(w.step('b2c.retention.set', report).status).toBe('not-done');
      expect(codes(w, 'b2c.retention.set', report)).toEqual(['RETENTION_ZERO']);
      expect(report.against).toBe(1);
      expect((await w.setRetention(30)).status).toBe(200);
      report = await w.report();
      expect(w.step('b2c.retention.set', report)).toMatchObject({ status: 'done', against: [] });
      expect(report.against).toBe(0);
    }));
});

describe('STOREFRONT_ONLINE', () => {
  it('switching to Omnichannel Inventory with the site online is recorded on b2c.mode.oci; the verdict stays followed', () =>
    withWalk(async (w) => {
      await prepareAll(w);
      const res = await activate(w, 'online');
      expect(res.body.switchWarnings.map((x: { code: string }) => x.code)).toContain('STOREFRONT_ONLINE');
      const report = await w.report();
      expect(report.verdict).toBe('followed');
      expect(report.against).toBeGreaterThanOrEqual(1);
      expect(codes(w, 'b2c.mode.oci', report)).toEqual(['STOREFRONT_ONLINE']);
      // Taking the site offline afterwards does not undo what the switch went against.
      expect((await w.setSiteStatus('maintenance')).status).toBe(200);
      expect(codes(w, 'b2c.mode.oci', await w.report())).toEqual(['STOREFRONT_ONLINE']);
    }));
});

describe('OPEN_NATIVE_RESERVATIONS', () => {
  it('a native order holding stock, not exported at the switch, is recorded on b2c.mode.oci', () =>
    withWalk(async (w) => {
      await prepareAll(w);
      // Commerce Platform Inventory still sells from the native record: give it stock and place a guest order.
      const record = await w.run.http.put(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/SKU-0001`).set('Authorization', `Bearer ${w.ocapi}`).send({ allocation: { amount: 10 } });
      expect(record.status, record.text).toBeLessThan(300);
      const shopper = await guestToken(w.run);
      const basketId = await readyBasket(w.run, shopper, [{ productId: 'SKU-0001', quantity: 3 }]);
      const order = await w.run.http.post(`${ORDERS}?siteId=${SITE}`).set('Authorization', `Bearer ${shopper}`).send({ basketId });
      expect(order.status, order.text).toBe(200);
      const res = await activate(w, 'maintenance');
      expect(res.body.switchWarnings.map((x: { code: string }) => x.code)).toEqual(['OPEN_NATIVE_RESERVATIONS']);
      const report = await w.report();
      expect(codes(w, 'b2c.mode.oci', report)).toEqual(['OPEN_NATIVE_RESERVATIONS']);
      expect(report).toMatchObject({ verdict: 'followed', against: 1 });
    }));
});

describe('DIRECT_IMPORTS_STOPPED', () => {
  it('imports before the switch and none for 24 h after it go against the guide; one more import clears it', () =>
    withWalk(async (w) => {
      await prepareAll(w);
      await directImport(w, 'before');
      await activate(w, 'maintenance');
      const switched = w.step('b2c.mode.oci', await w.report());
      expect(switched.against).toEqual([]);
      // Before the grace of 24 h has passed nothing is said yet: the team may still run its next import.
      await w.run.emulator.clock.advance(23 * HOUR);
      expect(codes(w, 'b2c.mode.oci', await w.report())).toEqual([]);
      await w.run.emulator.clock.advance(2 * HOUR);
      let report = await w.report();
      expect(codes(w, 'b2c.mode.oci', report)).toEqual(['DIRECT_IMPORTS_STOPPED']);
      // The recommendation never changes the verdict.
      expect(report).toMatchObject({ verdict: 'followed', against: 1 });
      await directImport(w, 'after');
      report = await w.report();
      expect(codes(w, 'b2c.mode.oci', report)).toEqual([]);
      expect(report.against).toBe(0);
    }));

  it('an import after the switch, within the grace, keeps it away past 24 h', () =>
    withWalk(async (w) => {
      await prepareAll(w);
      await directImport(w, 'before');
      await activate(w, 'maintenance');
      await w.run.emulator.clock.advance(HOUR);
      await directImport(w, 'after');
      await w.run.emulator.clock.advance(25 * HOUR);
      expect(codes(w, 'b2c.mode.oci', await w.report())).toEqual([]);
    }));

  it('without any direct import before the switch there is nothing to keep running', () =>
    withWalk(async (w) => {
      await prepareAll(w);
      await activate(w, 'maintenance');
      await w.run.emulator.clock.advance(25 * HOUR);
      expect(codes(w, 'b2c.mode.oci', await w.report())).toEqual([]);
    }));
});
