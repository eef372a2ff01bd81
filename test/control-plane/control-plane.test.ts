import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/index.js';
import { AM_NAMESPACE, type AmState } from '../../emulator/account-manager/model.js';
import { ociNamespace } from '../../emulator/oci/model.js';
import type { OciTenantState } from '../../emulator/oci/tenant-book.js';
import { recordsAt } from '../../emulator/oci/records/records-at.js';
import { DEMO } from '../../fixtures/well-known.js';
import { adminToken, FROZEN_START, integration, startEmulator, TENANT, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';

let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

const oci = () => run.emulator.store.get<OciTenantState>(ociNamespace(TENANT_GROUP))!;
const onHand = () => recordsAt(oci(), 'WH-EAST')!.get('SKU-0001')!.onHand;
/** Changes state behind the APIs' back, as a stand-in for any change a reset or restore must undo. */
const setOnHand = (n: number) => {
  const table = recordsAt(oci(), 'WH-EAST')!;
  table.set('SKU-0001', { ...table.get('SKU-0001')!, onHand: n });
};

describe('health', () => {
  it('reports version, readiness, clock, store and fixture', async () => {
    const res = await run.http.get('/__emulator/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      ready: true,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      clock: { mode: 'frozen', now: FROZEN_START },
      store: { kind: 'memory', location: null },
      fixture: { name: 'demo', seed: 1 },
      journal: { capacity: 10_000 },
    });
    expect(typeof res.body.uptimeSeconds).toBe('number');
  });
});

describe('clock', () => {
  it('advances by milliseconds or ISO 8601, sets, freezes and resumes', async () => {
    expect((await run.http.post('/__emulator/clock/advance').send({ by: 60_000 })).body.now).toBe('2026-03-02T09:01:00.000Z');
    expect((await run.http.post('/__emulator/clock/advance').send({ by: 'PT30M' })).body.now).toBe('2026-03-02T09:31:00.000Z');
    expect((await run.http.post('/__emulator/clock/advance?by=PT1H')).body.now).toBe('2026-03-02T10:31:00.000Z');
    expect((await run.http.post('/__emulator/clock/set').send({ time: '2026-03-03T00:00:00Z' })).body.now).toBe('2026-03-03T00:00:00.000Z');
    const resumed = await run.http.post('/__emulator/clock/resume');
    expect(resumed.body.mode).toBe('real');
    const frozen = await run.http.post('/__emulator/clock/freeze');
    expect(frozen.body.mode).toBe('frozen');
    expect(Date.parse(frozen.body.now) - Date.parse('2026-03-03T00:00:00Z')).toBeLessThan(5_000);
    const got = await run.http.get('/__emulator/clock');
    expect(got.body).toMatchObject({ mode: 'frozen', jobs: [] });
    expect(run.emulator.journal.query({ type: 'emulator.clock.*' }).length).toBeGreaterThanOrEqual(4);
    await run.http.post('/__emulator/clock/set').send({ time: FROZEN_START });
  });

  it.each([[{ by: 'P1M' }], [{ by: -5 }], [{ by: 'soon' }], [{}]])('refuses advance %j with 400', async (body) => {
    const res = await run.http.post('/__emulator/clock/advance').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('ValidationFailed');
  });
});

describe('journal', () => {
  it('records requests with method, status, API, client and duration; filters; clears', async () => {
    await run.http.delete('/__emulator/journal');
    await tokenFor(run.http);
    await run.http.get('/nope');
    const all = await run.http.get('/__emulator/journal');
    // the clearing call itself is the first entry after the clear
    expect(all.body.entries.map((e: { path: string }) => e.path)).toEqual(['/__emulator/journal', '/dwsso/oauth2/access_token', '/nope']);
    const [, token] = all.body.entries;
    expect(token).toMatchObject({ kind: 'request', method: 'POST', status: 200, api: 'account-manager', client: integration.id });
    expect(token.durationMs).toBeGreaterThan(0);
    const notFound = await run.http.get('/__emulator/journal').query({ status: 404 });
    expect(notFound.body.entries).toHaveLength(1);
    expect((await run.http.get('/__emulator/journal').query({ kind: 'nonsense' })).status).toBe(400);
    expect((await run.http.delete('/__emulator/journal')).body.cleared).toBeGreaterThanOrEqual(2);
  });

  it('is capped', async () => {
    const small = await createEmulator({ journalCapacity: 5, clock: 'frozen' });
    await small.listen(0);
    for (let i = 0; i < 12; i++) await fetch(`${small.url}/nope-${i}`);
    const res = (await (await fetch(`${small.url}/__emulator/journal?limit=100`)).json()) as { entries: { path: string }[] };
    expect(res.entries).toHaveLength(5);
    expect(res.entries.at(-1)?.path).toBe('/nope-11');
    await small.close();
  });
});

describe('reset and snapshots', () => {
  it('reset of everything brings back the fixture world', async () => {
    const token = await adminToken(run.http);
    await run.http.put(`/dw/rest/v1/apiclients/${integration.id}`).set('Authorization', `Bearer ${token}`).send({ active: false });
    setOnHand(999_999);
    const res = await run.http.post('/__emulator/reset');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reset: 'all' });
    expect(run.emulator.store.get<AmState>(AM_NAMESPACE)!.apiClients[integration.id]!.active).toBe(true);
    expect(onHand()).not.toBe(999_999);
  });

  it('reset of one tenant touches only its namespaces', async () => {
    const token = await adminToken(run.http);
    await run.http.put(`/dw/rest/v1/apiclients/${integration.id}`).set('Authorization', `Bearer ${token}`).send({ description: 'changed' });
    setOnHand(999_999);
    const res = await run.http.post('/__emulator/reset').send({ tenant: TENANT_GROUP });
    expect(res.body).toEqual({ reset: 'tenant', tenant: TENANT_GROUP, namespaces: [ociNamespace(TENANT_GROUP)] });
    expect(onHand()).not.toBe(999_999);
    expect(run.emulator.store.get<AmState>(AM_NAMESPACE)!.apiClients[integration.id]!.description).toBe('changed');
    expect((await run.http.post('/__emulator/reset').send({ tenant: TENANT })).body.namespaces).toEqual([`b2c-catalog.${TENANT}`, `b2c-checkout.${TENANT}`, `b2c-slas.${TENANT}`, `b2c.${TENANT}`]);
    const unknown = await run.http.post('/__emulator/reset').send({ tenant: 'nobody' });
    expect(unknown.status).toBe(404);
  });

  it('save, list, change, restore by name, delete', async () => {
    await run.http.post('/__emulator/reset');
    const saved = await run.http.post('/__emulator/snapshots').send({ name: 'clean-demo' });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'clean-demo', clockAt: expect.any(String) });
    setOnHand(4242);
    const before = await run.http.get('/__emulator/snapshots');
    expect(before.body.snapshots.map((s: { name: string }) => s.name)).toContain('clean-demo');
    const restored = await run.http.post('/__emulator/snapshots/clean-demo/restore');
    expect(restored.status).toBe(200);
    expect(onHand()).not.toBe(4242);
    expect((await run.http.post('/__emulator/snapshots/missing/restore')).status).toBe(404);
    expect((await run.http.post('/__emulator/snapshots').send({ name: '../../etc' })).status).toBe(400);
    expect((await run.http.post('/__emulator/snapshots').send({})).status).toBe(400);
    expect((await run.http.delete('/__emulator/snapshots/clean-demo')).status).toBe(204);
    expect((await run.http.delete('/__emulator/snapshots/clean-demo')).status).toBe(404);
  });

  it('a restore can bring the clock back to the snapshot instant', async () => {
    await run.http.post('/__emulator/snapshots').send({ name: 'at-start' });
    await run.emulator.clock.advance(3_600_000);
    const restored = await run.http.post('/__emulator/snapshots/at-start/restore').send({ clock: true });
    expect(run.emulator.clock.iso()).toBe(restored.body.clockAt);
  });
});

describe('fixtures and world', () => {
  afterEach(async () => {
    await run.http.post('/__emulator/fixtures').send({ name: 'demo', seed: 1 });
  });

  it('the world document lists orgs, tenant groups, instances, hosts, short codes and credentials that work', async () => {
    const world = (await run.http.get('/__emulator/world')).body;
    expect(world.fixture).toEqual({ name: 'demo', seed: 1 });
    expect(world.tenantGroups[0]).toMatchObject({ id: TENANT_GROUP, links: [{ instanceId: TENANT, via: 'fixture' }] });
    expect(world.tenantGroups[0].locations).toEqual(['WH-EAST', 'WH-WEST', 'STORE-BOS', 'STORE-DEN']);
    expect(world.b2cInstances[0]).toMatchObject({ id: TENANT, organizationId: `f_ecom_${TENANT}`, shortCode: 'kv7kzm78', bmHost: 'zzzz-001.dx.commercecloud.salesforce.com' });
    expect(world.salesforceOrgs[0]).toMatchObject({ tenantGroupId: TENANT_GROUP, myDomainHost: 'demo-retail.my.salesforce.com' });
    expect(world.accountManager.tokenUrl).toBe(`${run.url}/dwsso/oauth2/access_token`);
    for (const c of world.credentials) {
      const token = await tokenFor(run.http, c.scope, { id: c.clientId, secret: c.clientSecret });
      expect(token).toMatch(/^ey/);
    }
  });

  it('loads a generated world of a given size; its credentials work; the journal records it', async () => {
    const res = await run.http.post('/__emulator/fixtures').send({ name: 'generated', seed: 7, skus: 50, locations: 6 });
    expect(res.status).toBe(200);
    const world = (await run.http.get('/__emulator/world')).body;
    expect(world.fixture).toEqual({ name: 'generated', seed: 7, skus: 50, locations: 6 });
    expect((await run.http.get('/__emulator/health')).body.fixture).toEqual({ name: 'generated', seed: 7, skus: 50, locations: 6 });
    expect(world.tenantGroups[0].locations).toHaveLength(6);
    expect(world.tenantGroups[0].skuCount).toBe(50);
    const c = world.credentials[0];
    expect(await tokenFor(run.http, c.scope, { id: c.clientId, secret: c.clientSecret })).toMatch(/^ey/);
    // The storefront's SLAS clients come from the seed too; the world document is the only place their secret shows.
    const slas = world.shopperCredentials;
    expect(slas.privateClient.id).not.toBe(DEMO.b2c.slas.privateClient.id);
    const guest = await run.http
      .post(`/shopper/auth/v1/organizations/${slas.organizationId}/oauth2/token`)
      .auth(slas.privateClient.id, slas.privateClient.secret)
      .type('form')
      .send({ grant_type: 'client_credentials', channel_id: slas.siteId });
    expect(guest.status, guest.text).toBe(200);
    expect(slas.guestTokenCurl).toContain(slas.privateClient.secret);
    // reset now returns to the generated world
    await run.http.post('/__emulator/reset');
    expect((await run.http.get('/__emulator/world')).body.fixture).toEqual({ name: 'generated', seed: 7, skus: 50, locations: 6 });
    expect(run.emulator.journal.query({ type: 'emulator.reset' })).toHaveLength(1);
  });

  it.each(['before-trust', 'raml-examples'] as const)('health and the world document name the %s world as such once it is loaded', async (name) => {
    await run.http.post('/__emulator/fixtures').send({ name, seed: 3 });
    expect((await run.http.get('/__emulator/health')).body.fixture).toEqual({ name, seed: 3 });
    expect((await run.http.get('/__emulator/world')).body.fixture).toEqual({ name, seed: 3 });
  });

  it('health reports no fixture when the loaded world is empty', async () => {
    await run.http.post('/__emulator/fixtures').send({ name: 'empty' });
    expect((await run.http.get('/__emulator/health')).body.fixture).toBeNull();
  });

  it('the world document lists the OCAPI client among the credentials, and its token reads OCAPI', async () => {
    const world = (await run.http.get('/__emulator/world')).body;
    const ocapi = world.credentials.find((c: { purpose: string }) => /OCAPI/.test(c.purpose));
    expect(ocapi).toMatchObject({ clientId: DEMO.accountManager.ocapiClient.id, clientSecret: DEMO.accountManager.ocapiClient.secret, scope: 'mail' });
    const token = await tokenFor(run.http, ocapi.scope, { id: ocapi.clientId, secret: ocapi.clientSecret });
    expect((await run.http.get('/s/-/dw/data/v25_6/inventory_lists').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it.each([[{ name: 'nope' }], [{ name: 'generated', skus: 0 }], [{ name: 'generated', skus: 2_000_000 }], [{ name: 'demo', seed: -1 }]])('refuses %j', async (body) => {
    const res = await run.http.post('/__emulator/fixtures').send(body);
    expect(res.status).toBe(400);
  });

  it('lists the fixture sets', async () => {
    expect((await run.http.get('/__emulator/fixtures')).body).toEqual({ available: ['demo', 'generated', 'raml-examples', 'before-trust', 'fresh', 'empty'], current: { name: 'demo', seed: 1 } });
  });
});

describe('outbox', () => {
  it('is empty at first, shows what the products send, filters by recipient and clears', async () => {
    await run.http.delete('/__emulator/outbox');
    expect((await run.http.get('/__emulator/outbox')).body).toEqual({ count: 0, messages: [] });
    run.emulator.outbox.send({ from: 'noreply@salesforce.com', to: 'admin@demo-retail.example', subject: 'Done', body: 'Provisioned', tenant: TENANT_GROUP });
    run.emulator.outbox.send({ from: 'noreply@salesforce.com', to: 'other@example.com', subject: 'x', body: 'y' });
    const mine = await run.http.get('/__emulator/outbox').query({ to: 'admin@demo-retail.example' });
    expect(mine.body.messages).toEqual([expect.objectContaining({ subject: 'Done', time: run.emulator.clock.iso() })]);
    expect((await run.http.delete('/__emulator/outbox')).body.cleared).toBe(2);
  });
});

describe('admin token', () => {
  it('guards the control plane when set, and compares it whatever its length', async () => {
    const guarded = await startEmulator({ adminToken: 's3cret-admin' });
    try {
      expect((await guarded.http.get('/__emulator/health')).status).toBe(401);
      expect((await guarded.http.get('/__emulator/health').set('Authorization', 'Bearer wrong')).status).toBe(401);
      expect((await guarded.http.get('/__emulator/health').set('Authorization', 'Bearer s3cret-admin-and-more')).status).toBe(401);
      expect((await guarded.http.get('/__emulator/health').set('Authorization', 'Bearer s3cret-admin')).status).toBe(200);
      expect((await guarded.http.post('/__emulator/reset').set('X-Emulator-Admin-Token', 's3cret-admin')).status).toBe(200);
      // the emulated APIs themselves are not behind the admin token
      expect((await guarded.http.get('/dwsso/oauth2/connect/jwk_uri')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('binding beyond loopback without an admin token is refused', async () => {
    const emulator = await createEmulator();
    await expect(emulator.listen(0, '0.0.0.0')).rejects.toThrow(/admin token/);
    await emulator.close();
  });
});
