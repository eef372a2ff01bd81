import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import type { SequenceReport } from '../../emulator/sequence/report.js';
import type { StepName } from '../../emulator/sequence/steps.js';
import { BM, DATA, prepareAll, startWalk, type Walk } from './walk.js';

// Each documented mistake of the setup guide, taken in strict and in lenient mode from the `fresh` fixture (one
// emulator per case, so no case leans on another's state). Strict must refuse in the dialect of the API that was
// called (Setup and Business Manager pages answer the control dialect), name the missing steps, record the refusal
// and change nothing; lenient must let the step happen and record it out of order, with what was missing.

interface Mistake {
  name: string;
  /** Everything done before the mistake. */
  arrange(w: Walk): Promise<void>;
  /** The mistake itself. */
  act(w: Walk): Promise<Response>;
  /** The step taken too early, what it lacked, and the code its product refuses it with. */
  step: StepName;
  missing: StepName[];
  code: string;
  lenientStatus: number;
  /** What else the report or the product must show after it, per mode. */
  then?(w: Walk, res: Response, report: SequenceReport, mode: 'strict' | 'lenient'): Promise<void> | void;
}

const page = (w: Walk, name: string) => w.run.http.get(`${BM}/${name}`).set('Authorization', `Bearer ${w.am}`);
const trusts = (w: Walk) => w.run.http.get('/lightning/setup/C2CTrustRelationships/home').set('Authorization', `Bearer ${w.org}`);

/** What a refusal must leave as it was: the instance's mode and history, and every trust relationship. */
async function world(w: Walk) {
  const integration = (await page(w, 'OCIIntegration-Show')).body;
  const relationships = (await trusts(w)).body.relationships as { id: string; status: string }[];
  return { mode: integration.mode.value, history: integration.history.length, trusts: relationships.map((t) => `${t.id}:${t.status}`) };
}

/** prepareAll with lists whose ids are no External Reference: the site and a store get them all the same. */
async function prepareMismatched(w: Walk): Promise<void> {
  await w.publishGraph();
  await w.loadAvailability(2);
  await w.createLists(['US-ONLNE', 'STORE-BOSTON']);
  // walk.assignLists() names the paired ids, which do not exist here: assign the typo'd lists the same two ways.
  const site = await w.run.http.post(`${BM}/SiteManagement-AssignInventoryList`).set('Authorization', `Bearer ${w.am}`).send({ siteId: DEMO.b2c.siteId, inventoryListId: 'US-ONLNE' });
  expect(site.status, site.text).toBe(200);
  const store = await w.run.http.patch(`${DATA}/sites/${DEMO.b2c.siteId}/stores/store-bos`).set('Authorization', `Bearer ${w.ocapi}`).send({ inventory_id: 'STORE-BOSTON' });
  expect(store.status, store.text).toBe(200);
  expect((await w.setRetention(30)).status).toBe(200);
  expect((await w.turnOnIntegration()).status).toBe(200);
  expect((await w.requestTrust()).status).toBe(201);
  expect((await w.allow()).status).toBe(200);
  expect((await w.establish()).status).toBe(200);
}

const MISTAKES: Mistake[] = [
  {
    name: 'trust requested before the provisioning e-mail',
    arrange: async (w) => void expect((await w.turnOnIntegration(false)).status).toBe(200),
    act: (w) => w.requestTrust(),
    step: 'trust.requested',
    missing: ['org.b2c-integration.provisioned'],
    code: 'INTEGRATION_NOT_READY',
    lenientStatus: 201,
    async then(w, res, report, mode) {
      if (mode === 'strict') expect((await trusts(w)).body.relationships).toEqual([]);
      else expect(res.body).toMatchObject({ status: 'Pending', instanceId: DEMO.b2c.instanceId });
      expect(w.step('org.b2c-integration.provisioned', report).status).toBe('not-done');
    },
  },
  {
    name: 'establish before Allow',
    async arrange(w) {
      expect((await w.turnOnIntegration()).status).toBe(200);
      expect((await w.requestTrust()).status).toBe(201);
    },
    act: (w) => w.establish(),
    step: 'trust.established',
    missing: ['trust.allowed'],
    code: 'ESTABLISH_TRUST_DISABLED',
    lenientStatus: 200,
    then(_w, res, report, mode) {
      if (mode === 'lenient') expect(res.body.status).toBe('Established');
      // Lenient established over a pending request: nobody allowed it, so "allowed" must not count as done.
      expect(at(report, 'trust.allowed').status).toBe('not-done');
    },
  },
  {
    name: 'switch to OCI before the cache is complete',
    async arrange(w) {
      await prepareAll(w);
      expect((await w.setMode('OCI_CACHE')).status).toBe(200);
    },
    act: (w) => w.setMode('OCI'),
    step: 'b2c.mode.oci',
    missing: ['b2c.cache.complete'],
    code: 'MODE_TRANSITION_REFUSED',
    lenientStatus: 200,
    then(_w, res, _report, mode) {
      if (mode === 'lenient') expect(res.body.mode.value).toBe('OCI');
    },
  },
  {
    name: 'safety stock skipped',
    arrange: (w) => prepareAll(w, { safetyStock: 0 }),
    act: (w) => w.setMode('OCI_CACHE'),
    step: 'b2c.mode.oci_cache',
    missing: ['oci.safety-stock.set'],
    code: 'MODE_TRANSITION_REFUSED',
    lenientStatus: 200,
    then(_w, _res, report) {
      const safety = at(report, 'oci.safety-stock.set');
      expect(safety.status).toBe('not-done');
      // Every paired place holding records is named once (US-ONLINE is a group: it holds its members' records).
      const named = safety.against.filter((r) => r.code === 'NO_SAFETY_STOCK').map((r) => /'([^']+)'/.exec(r.message)?.[1]);
      expect(named.sort()).toEqual(['STORE-BOS', 'STORE-DEN', 'US-ONLINE']);
    },
  },
  {
    name: 'B2C → Omnichannel Inventory directly',
    arrange: (w) => prepareAll(w),
    act: (w) => w.setMode('OCI'),
    step: 'b2c.mode.oci',
    missing: ['b2c.mode.oci_cache', 'b2c.cache.complete'],
    code: 'MODE_TRANSITION_REFUSED',
    lenientStatus: 200,
    async then(walk, res, _report, mode) {
      if (mode === 'strict') return;
      expect(res.body.mode.value).toBe('OCI');
      // The skipped OCI Cache Enabled still starts the cache: it fills, and Cache Status shows every paired list.
      await walk.catchUp();
      const rows = (await page(walk, 'OCIIntegration-Show')).body.cacheStatus as { inventoryListId: string; status: string }[];
      expect(rows.map((r) => r.inventoryListId).sort()).toEqual(['STORE-BOS', 'STORE-DEN', 'US-ONLINE']);
      expect(rows.every((r) => r.status === 'complete')).toBe(true);
    },
  },
  {
    name: 'inventory lists whose ids match no External Reference',
    arrange: prepareMismatched,
    act: (w) => w.setMode('OCI_CACHE'),
    step: 'b2c.mode.oci_cache',
    missing: ['b2c.lists.created', 'b2c.stores.assigned'],
    code: 'MODE_TRANSITION_REFUSED',
    lenientStatus: 200,
    then(_w, _res, report) {
      expect(at(report, 'b2c.lists.created').status).toBe('not-done');
      expect(at(report, 'b2c.stores.assigned').status).toBe('not-done');
    },
  },
];

/** A step of the only integration (the fresh world has one). */
function at(report: SequenceReport, step: string) {
  const found = report.integrations[0]!.steps.find((s) => s.step === step);
  if (!found) throw new Error(`no step ${step}`);
  return found;
}

/** The control dialect exactly: {error, message, details?} and nothing else. */
function expectControlError(res: Response, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).filter((k) => !['error', 'message', 'details'].includes(k))).toEqual([]);
  expect(res.body).toMatchObject({ error: code, message: expect.any(String) });
}

describe.each(MISTAKES)('$name', (m) => {
  it('strict refuses it naming the missing steps, changes nothing and records the refusal', async () => {
    const walk = await startWalk('strict');
    try {
      await m.arrange(walk);
      const before = await world(walk);
      const res = await m.act(walk);
      expectControlError(res, 409, m.code);
      for (const missing of m.missing) expect(res.body.message).toContain(missing);
      expect(await world(walk)).toEqual(before);
      const report = await walk.report();
      const step = walk.step(m.step, report);
      expect(step.status).toBe('not-done');
      expect(step.outOfOrder).toBeUndefined();
      expect(step.refused).toEqual({ count: 1, at: expect.any(String), missing: m.missing, requestId: res.headers['correlation-id'] });
      expect(res.headers['correlation-id']).toBeTruthy();
      // A refusal is not a step out of order: nothing happened, so the guide is not (yet) broken.
      expect(report.verdict).toBe('incomplete');
      expect((await walk.run.http.get('/__emulator/sequence?format=text')).text).toContain(`${m.step}: refused 1×`);
      await m.then?.(walk, res, report, 'strict');
    } finally {
      await walk.close();
    }
  });

  it('lenient lets it happen and records it out of order', async () => {
    const walk = await startWalk('lenient');
    try {
      await m.arrange(walk);
      const res = await m.act(walk);
      expect(res.status, res.text).toBe(m.lenientStatus);
      const report = await walk.report();
      expect(report).toMatchObject({ enforcement: 'lenient', verdict: 'not-followed' });
      const step = walk.step(m.step, report);
      expect(step).toMatchObject({ status: 'done', requestId: res.headers['correlation-id'], outOfOrder: { missing: m.missing, enforcement: 'lenient' } });
      expect(step.refused).toBeUndefined();
      expect((await walk.run.http.get('/__emulator/sequence?format=text')).text).toMatch(new RegExp(`${m.step.replaceAll('.', '\\.')}\\s+OUT OF ORDER`));
      await m.then?.(walk, res, report, 'lenient');
    } finally {
      await walk.close();
    }
  });
});

describe('enforcement switched at run time', () => {
  it('a refusal in strict, then the same call in lenient: the refusal stays counted, the step is done out of order', async () => {
    const walk = await startWalk('strict');
    try {
      await prepareAll(walk, { safetyStock: 0 });
      expectControlError(await walk.setMode('OCI_CACHE'), 409, 'MODE_TRANSITION_REFUSED');
      const put = await walk.run.http.put('/__emulator/enforcement').send({ enforcement: 'lenient' });
      expect(put.status, put.text).toBe(200);
      const res = await walk.setMode('OCI_CACHE');
      expect(res.status, res.text).toBe(200);
      expect(res.body.enforcement).toBe('lenient');
      walk.run.emulator.enforcement.set('strict');
      const report = await walk.report();
      // The report says the mode now; each record keeps the mode that let its step through.
      expect(report).toMatchObject({ enforcement: 'strict', verdict: 'not-followed' });
      expect(walk.step('b2c.mode.oci_cache', report)).toMatchObject({
        status: 'done',
        outOfOrder: { missing: ['oci.safety-stock.set'], enforcement: 'lenient' },
        refused: { count: 1, missing: ['oci.safety-stock.set'] },
      });
    } finally {
      await walk.close();
    }
  });
});
