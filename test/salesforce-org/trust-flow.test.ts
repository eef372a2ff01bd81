import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, TENANT, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { orgToken } from './helpers.js';

// Phases 2 and 3 of the setup guide over HTTP, in its order, from a world where Phase 3 has not happened yet: B2C
// prepared through OCAPI and Business Manager, then the integration
// toggle and its provisioning e-mail, Request Trust, Allow in Business Manager, Establish Trust — after which the
// instance's Account Manager tokens may call the tenant group's OCI APIs. Every step out of order is refused with
// a message naming what is missing.

const OCI_PAGE = '/lightning/setup/OmnichannelInventory/home';
const TRUSTS = '/lightning/setup/C2CTrustRelationships/home';
const BM = '/on/demandware.store/Sites-Site/default';
const BM_HOST = DEMO.b2c.bmHost;
const REMOTE = `https://${BM_HOST}/on/`;
const AVAILABILITY = `/inventory/availability/v1/organizations/${TENANT_GROUP}/availability-records/actions/get-availability`;

let run: Running;
let org: string;
let am: string;
let ocapi: string;
beforeAll(async () => {
  run = await startEmulator({ fixtures: 'before-trust' });
  org = await orgToken(run);
  am = await tokenFor(run.http);
  ocapi = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
});
afterAll(() => run.close());

const setup = (method: 'get' | 'post', path: string, body?: unknown) => {
  const req = run.http[method](path).set('Authorization', `Bearer ${org}`);
  return body === undefined ? req : req.send(body as object);
};
const bm = (method: 'get' | 'post', page: string, token = am) => run.http[method](`${BM}/${page}`).set('Authorization', `Bearer ${token}`);
const readOci = (token = am) => run.http.post(AVAILABILITY).set('Authorization', `Bearer ${token}`).send({ skus: ['SKU-0001'], locations: ['WH-EAST'] });
const events = () => run.emulator.journal.query({ kind: 'event', limit: 1000 }).map((e) => (e as { type: string }).type).filter((t) => t.startsWith('trust.') || t.startsWith('org.b2c'));

const data = (method: 'put' | 'get', path: string, body?: unknown) => {
  const req = run.http[method](`/s/-/dw/data/v25_6${path}`).set('Authorization', `Bearer ${ocapi}`);
  return body === undefined ? req : req.send(body as object);
};
const pairing = async () => {
  const page = await bm('get', 'Inventory-Show');
  return Object.fromEntries((page.body.lists as { id: string; pairedWith: unknown }[]).map((l) => [l.id, l.pairedWith]));
};

describe('Phase 2: B2C prepared through OCAPI and Business Manager', () => {
  it('a list named after an OCI place, a store selling from it, the site’s list, retention', async () => {
    expect((await data('put', '/inventory_lists/WH-WEST', { description: 'West warehouse' })).status).toBe(200);
    expect((await data('put', '/sites/RefArch/stores/store-sf', { name: 'San Francisco', city: 'San Francisco', country_code: 'US', inventory_id: 'WH-WEST' })).status).toBe(200);
    expect((await bm('post', 'SiteManagement-AssignInventoryList').send({ siteId: 'RefArch', inventoryListId: 'US-ONLINE' })).status).toBe(200);
    expect((await bm('post', 'RetentionSettings-Save').send({ inventoryRecordRetentionDays: 30 })).status).toBe(200);
    // Until trust links the instance to a tenant group, B2C cannot pair any list with an OCI place.
    expect(await pairing()).toMatchObject({ 'US-ONLINE': null, 'WH-WEST': null });
  });
});

describe('Phase 3: the trust relationship, in the guide’s order', () => {
  let trustId: string;

  it('before anything, the instance’s tokens may not call OCI, and a trust request is refused for the missing toggle', async () => {
    expect((await readOci()).status).toBe(403);
    const page = await setup('get', OCI_PAGE);
    expect(page.body.b2cCommerceIntegration).toMatchObject({ label: 'Omnichannel Inventory-B2C Commerce Integration', status: 'OFF' });
    const early = await setup('post', TRUSTS, { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/Turn on the Omnichannel Inventory-B2C Commerce Integration first/);
  });

  it('turning the integration on provisions it on the clock; the success e-mail reaches the org admin', async () => {
    const on = await setup('post', OCI_PAGE, { b2cCommerceIntegration: true });
    expect(on.body.b2cCommerceIntegration).toMatchObject({ status: 'PROVISIONING', readyAt: '2026-03-02T09:00:05.000Z' });
    const waiting = await setup('post', TRUSTS, { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE });
    expect(waiting.status).toBe(409);
    expect(waiting.body.message).toMatch(/still being provisioned.*Wait for the success e-mail/);
    expect((await run.http.get('/__emulator/outbox')).body.messages ?? (await run.http.get('/__emulator/outbox')).body).toHaveLength(0);
    await run.emulator.clock.advance(5_000);
    expect((await setup('get', OCI_PAGE)).body.b2cCommerceIntegration.status).toBe('ON');
    const outbox = await run.http.get(`/__emulator/outbox?to=${encodeURIComponent(DEMO.salesforce.users.admin.username)}`);
    const mails = outbox.body.messages ?? outbox.body;
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ subject: 'Omnichannel Inventory-B2C Commerce Integration is ready' });
  });

  it('refuses a trust request a person got wrong, each with a message that says what to fix', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ cloud: 'Marketing Cloud', remoteTenantUrl: REMOTE }, 400, /Cloud\/Application must be "Commerce Cloud"/],
      [{ cloud: 'Commerce Cloud', remoteTenantUrl: `http://${BM_HOST}/on/` }, 400, /must use https/],
      [{ cloud: 'Commerce Cloud', remoteTenantUrl: `https://${BM_HOST}/` }, 400, /must end in \/on\//],
      [{ cloud: 'Commerce Cloud', remoteTenantUrl: 'https://nowhere-001.dx.commercecloud.salesforce.com/on/' }, 400, /No B2C Commerce instance answers at nowhere-001/],
      [{ cloud: 'Commerce Cloud', remoteTenantUrl: 'not a url' }, 400, /is not a URL/],
      [{ cloud: 'Commerce Cloud' }, 400, /remoteTenantUrl/],
    ];
    for (const [body, status, message] of cases) {
      const res = await setup('post', TRUSTS, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.message).toMatch(message);
    }
    expect((await setup('get', TRUSTS)).body.relationships).toEqual([]);
  });

  it('Request Trust → Pending, and Business Manager shows who asks for which tenant group', async () => {
    const res = await setup('post', TRUSTS, { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ cloud: 'Commerce Cloud', instanceId: TENANT, tenantGroupId: TENANT_GROUP, status: 'Pending', establishTrust: { enabled: false } });
    trustId = res.body.id;
    expect(trustId).toMatch(/^0Xt[A-Za-z0-9]{15}$/);
    const again = await setup('post', TRUSTS, { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already has a pending trust relationship/);
    const page = await bm('get', 'CrossCloudTrust-Show');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      page: 'Administration > Global Preferences > Cross Cloud Trust',
      instance: TENANT,
      trustRequest: { id: trustId, tenantGroup: TENANT_GROUP, from: { orgId: DEMO.salesforce.orgId }, actions: ['Allow', 'Deny'] },
      trust: null,
    });
  });

  it('Establish Trust is disabled until Business Manager allows, and says so', async () => {
    const res = await setup('post', `/lightning/setup/C2CTrustRelationships/${trustId}/establish`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/Establish Trust is disabled: Business Manager of zzzz_001 has not allowed the trust request yet/);
    expect((await readOci()).status).toBe(403);
  });

  it('Allow in Business Manager, then Establish Trust: Established, and the instance’s tokens now reach OCI', async () => {
    const allowed = await bm('post', 'CrossCloudTrust-Allow');
    expect(allowed.body).toMatchObject({ trustRequest: null, trust: { tenantGroup: TENANT_GROUP, status: 'Allowed' } });
    expect((await bm('post', 'CrossCloudTrust-Allow')).status).toBe(409);
    expect((await setup('get', `/lightning/setup/C2CTrustRelationships/${trustId}`)).body.establishTrust).toEqual({ enabled: true });
    const established = await setup('post', `/lightning/setup/C2CTrustRelationships/${trustId}/establish`);
    expect(established.body).toMatchObject({ status: 'Established', establishedAt: '2026-03-02T09:00:05.000Z' });
    const page = await bm('get', 'CrossCloudTrust-Show');
    expect(page.body.trust).toEqual({ superTenant: DEMO.salesforce.orgId, tenantGroup: TENANT_GROUP, status: 'Established', lastModified: '2026-03-02T09:00:05.000Z' });
    expect((await readOci()).status).toBe(200);
    // Now the lists pair with the tenant group's places.
    expect(await pairing()).toMatchObject({ 'US-ONLINE': { type: 'group', id: 'US-ONLINE' }, 'WH-WEST': { type: 'location', id: 'WH-WEST' } });
    expect(events()).toEqual(['org.b2c-integration.enabled', 'org.b2c-integration.provisioned', 'trust.requested', 'trust.allowed', 'trust.established']);
  });

  it('disconnecting takes the access away again', async () => {
    const res = await setup('post', `/lightning/setup/C2CTrustRelationships/${trustId}/disconnect`);
    expect(res.body.status).toBe('Disconnected');
    expect((await readOci()).status).toBe(403);
    expect(events().at(-1)).toBe('trust.disconnected');
  });

  it('a denied request cannot be established; a new request can be', async () => {
    const second = await setup('post', TRUSTS, { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE });
    expect(second.status).toBe(201);
    expect((await bm('post', 'CrossCloudTrust-Deny')).body.trustRequest).toBeNull();
    const refused = await setup('post', `/lightning/setup/C2CTrustRelationships/${second.body.id}/establish`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/denied the trust request/);
    expect((await setup('post', TRUSTS, { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE })).status).toBe(201);
  });

  it('Business Manager pages need a sign-in for the instance; Setup pages an org session', async () => {
    expect((await run.http.get(`${BM}/CrossCloudTrust-Show`)).status).toBe(401);
    const orgOnly = await bm('get', 'CrossCloudTrust-Show', org);
    expect(orgOnly.status).toBe(401);
    // A token for no instance signs in nowhere.
    const noInstance = await tokenFor(run.http, 'sfcc.inventory.availability');
    expect((await bm('get', 'CrossCloudTrust-Show', noInstance)).status).toBe(403);
    expect((await run.http.get(TRUSTS).set('Authorization', `Bearer ${am}`)).status).toBe(401);
    expect((await run.http.get(`${BM}/CrossCloudTrust-Show`).set('Host', BM_HOST).set('Authorization', `Bearer ${am}`)).status).toBe(200);
  });
});
