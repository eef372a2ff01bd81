import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { integration } from '../helpers/emulator.js';
import { prepareAll, startWalk, type Walk } from './walk.js';

// The setup guide end to end, in its order, from the `fresh` fixture in strict mode: nothing is refused, every step
// shows done with when, by whom and in which request, and the checker's verdict is "followed" with no
// recommendation gone against.

let w: Walk;
beforeAll(async () => {
  w = await startWalk('strict');
});
afterAll(() => w.close());

describe('the guide in order, strict mode', () => {
  it('starts with only the Commerce API client done (the fixture keeps it: Business Manager signs in with it)', async () => {
    const report = await w.report();
    expect(report).toMatchObject({ enforcement: 'strict', verdict: 'incomplete', through: null, against: 0 });
    expect(report.integrations).toHaveLength(1);
    expect(report.integrations[0]).toMatchObject({ instanceId: DEMO.b2c.instanceId, tenantGroupId: DEMO.salesforce.tenantGroupId, next: 'oci.location-graph.published' });
    const done = report.integrations[0]!.steps.filter((s) => s.status === 'done').map((s) => s.step);
    expect(done).toEqual(['am.client.created']);
    expect(w.step('am.client.created', report)).toMatchObject({ byFixture: true, by: 'fixture' });
  });

  it('Phase 1: publishing the graph and loading availability with safety stock, each recorded with its request', async () => {
    const publish = await w.publishGraph();
    const load = await w.loadAvailability(2);
    const report = await w.report();
    // The graph is published by the clock job after the upload: no request caused the event itself.
    expect(w.step('oci.location-graph.published', report)).toMatchObject({ status: 'done' });
    expect(w.step('oci.location-graph.published', report).outOfOrder).toBeUndefined();
    expect(publish.headers['correlation-id']).toBeTruthy();
    for (const name of ['oci.availability.loaded', 'oci.safety-stock.set']) {
      expect(w.step(name, report)).toMatchObject({ status: 'done', requestId: load.headers['correlation-id'] });
      expect(w.step(name, report).outOfOrder).toBeUndefined();
    }
  });

  it('Phase 2: paired lists, their assignment and the retention', async () => {
    await w.createLists();
    await w.assignLists();
    const retention = await w.setRetention(30);
    const report = await w.report();
    expect(w.step('b2c.lists.created', report)).toMatchObject({ status: 'done', by: DEMO.accountManager.ocapiClient.id });
    expect(w.step('b2c.stores.assigned', report)).toMatchObject({ status: 'done' });
    expect(w.step('b2c.retention.set', report)).toMatchObject({ status: 'done', requestId: retention.headers['correlation-id'], against: [] });
  });

  it('Phase 3: the integration toggle, its e-mail, Request Trust, Allow, Establish — by the people at the pages', async () => {
    expect((await w.turnOnIntegration()).status).toBe(200);
    const request = await w.requestTrust();
    expect(request.status).toBe(201);
    const allow = await w.allow();
    expect(allow.status).toBe(200);
    const establish = await w.establish();
    expect(establish.status).toBe(200);
    const report = await w.report();
    expect(w.step('org.b2c-integration.provisioned', report)).toMatchObject({ status: 'done' });
    expect(w.step('trust.requested', report)).toMatchObject({ status: 'done', by: DEMO.salesforce.users.integration.username, requestId: request.headers['correlation-id'] });
    expect(w.step('trust.allowed', report)).toMatchObject({ status: 'done', by: integration.id, requestId: allow.headers['correlation-id'] });
    expect(w.step('trust.established', report)).toMatchObject({ status: 'done', requestId: establish.headers['correlation-id'] });
    expect(report.integrations[0]!.next).toBe('b2c.mode.oci_cache');
  });

  it('Phase 4: OCI Cache Enabled, the cache complete, the storefront offline for the switch to Omnichannel Inventory', async () => {
    expect((await w.setMode('OCI_CACHE')).status).toBe(200);
    await w.catchUp();
    expect((await w.setSiteStatus('maintenance')).status).toBe(200);
    const oci = await w.setMode('OCI');
    expect(oci.status, oci.text).toBe(200);
    expect((await w.setSiteStatus('online')).status).toBe(200);
    const report = await w.report();
    expect(report.verdict, JSON.stringify(report.integrations[0]!.steps.filter((s) => s.outOfOrder))).toBe('followed');
    expect(report.against).toBe(0);
    expect(report.integrations[0]!.next).toBeNull();
    for (const step of report.integrations[0]!.steps) {
      expect(step.status, step.step).toBe('done');
      expect(step.outOfOrder, step.step).toBeUndefined();
      expect(step.refused, step.step).toBeUndefined();
    }
    expect(w.step('b2c.mode.oci', report)).toMatchObject({ requestId: oci.headers['correlation-id'], by: integration.id });
  });

  it('the text page says the same', async () => {
    const res = await w.run.http.get('/__emulator/sequence?format=text');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('followed');
    expect(res.text).toMatch(/14\s+b2c\.mode\.oci\s+done/);
  });

  it('expectations: all met, and `through` judges only the steps up to one', async () => {
    const expected = await w.report('?expect=trust.established,b2c.mode.oci');
    expect(expected.expected).toEqual({ steps: ['trust.established', 'b2c.mode.oci'], missing: [] });
    const through = await w.report('?through=trust.established');
    expect(through.integrations[0]!.steps.map((s) => s.step)).toEqual(['org.b2c-integration.provisioned', 'trust.requested', 'trust.allowed', 'trust.established']);
  });
});

describe('the same walk, everything prepared at once', () => {
  it('prepareAll leaves only the Phase 4 switches to do', async () => {
    const other = await startWalk('strict');
    try {
      await prepareAll(other);
      const report = await other.report();
      expect(report.integrations[0]!.next).toBe('b2c.mode.oci_cache');
      expect(report.verdict).toBe('incomplete');
    } finally {
      await other.close();
    }
  });
});
