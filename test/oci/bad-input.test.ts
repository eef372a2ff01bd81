import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { ACTIONS, BASE, recordPath, startOci, type OciRun } from './helpers.js';

// Every availability route against what a client can get wrong: no or bad token, wrong scope, wrong tenant,
// malformed JSON, wrong content type, an oversized body. Each gets its documented error, never a 500.

let run: OciRun;
let unrelatedScope: string;
beforeAll(async () => {
  run = await startOci('demo');
  unrelatedScope = await tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_001 sfcc.inventory.impex-graphs');
});
afterAll(() => run.close());

type Method = 'post' | 'put' | 'patch' | 'delete';
const ROUTES: [Method, string, unknown][] = [
  ['post', `${ACTIONS}/get-availability`, { skus: ['SKU-0001'], locations: ['WH-EAST'] }],
  ['post', `${ACTIONS}/batch-update`, { records: [{ id: 'z', location: 'WH-EAST', sku: 'SKU-0001', onHand: 1 }] }],
  ['post', `${ACTIONS}/get-deltas`, { deltaToken: 'x' }],
  ['post', `${BASE}/availability-records/delta-token`, { placeType: 'location', places: ['WH-EAST'] }],
  ['put', recordPath('WH-EAST', 'SKU-0001', 'bad-input'), { onHand: 1 }],
  ['patch', recordPath('WH-EAST', 'SKU-0001', 'bad-input'), { onHand: 1 }],
  ['delete', recordPath('WH-EAST', 'SKU-0001', 'bad-input'), undefined],
  ['post', `${BASE}/product-segmentation/actions/batch-update`, { groups: [{ groupId: 'US-ONLINE', mode: 'APPEND', skus: ['SKU-0001'] }] }],
];
const withBody = ROUTES.filter(([method]) => method !== 'delete');

const send = (method: Method, path: string, headers: Record<string, string>, body?: unknown) => {
  const req = run.http[method](path).set(headers);
  return body === undefined ? req : req.send(body as object);
};

describe.each(ROUTES)('%s %s', (method, path, body) => {
  it('without a token → 401 gateway problem with a Bearer challenge', async () => {
    const res = await send(method, path, {}, body);
    expect(res.status).toBe(401);
    expect(res.body.title).toBe('Unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('with a garbage token → 401', async () => {
    expect((await send(method, path, { Authorization: 'Bearer nonsense.token.here' }, body)).status).toBe(401);
  });

  it('with a token lacking the route’s scope → 403', async () => {
    const res = await send(method, path, { Authorization: `Bearer ${unrelatedScope}` }, body);
    expect(res.status).toBe(403);
    expect(res.body.type).toMatch(/errors\/forbidden$/);
  });

  it('on a tenant group that is not provisioned → 403 TenantNotProvisioned', async () => {
    const res = await send(method, path.replace(TENANT_GROUP, 'unknown-tenant-group'), { Authorization: `Bearer ${run.token}` }, body);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('TenantNotProvisioned');
  });
});

describe.each(withBody)('%s %s body handling', (method, path) => {
  const auth = () => ({ Authorization: `Bearer ${run.token}` });

  it('malformed JSON → 400 InvalidRequest', async () => {
    const res = await send(method, path, { ...auth(), 'Content-Type': 'application/json' }, '{"records": [');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequest' });
  });

  it('a form body → 415', async () => {
    const res = await send(method, path, { ...auth(), 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=1');
    expect(res.status).toBe(415);
    expect(res.body.errorCode).toBe('InvalidRequest');
  });

  it('a body over the limit → 413, and the emulator keeps answering', async () => {
    const res = await send(method, path, auth(), { pad: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect((await run.available({ skus: ['SKU-0001'], locations: ['WH-EAST'] })).status).toBe(200);
  });

  it('a JSON array or scalar instead of an object → 400 InvalidRequestParameter', async () => {
    const res = await send(method, path, { ...auth(), 'Content-Type': 'application/json' }, '[1,2]');
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('InvalidRequestParameter');
  });
});

describe('the org handshake', () => {
  it('PUT /inventory/internal/v1/organizations/{tenantGroupId} → 204 and a journal event', async () => {
    const res = await run.http.put(`/inventory/internal/v1/organizations/${TENANT_GROUP}`).set('Authorization', `Bearer ${run.token}`);
    expect(res.status).toBe(204);
    expect(run.emulator.journal.query({ type: 'oci.handshake' })).toHaveLength(1);
    expect((await run.http.put(`/inventory/internal/v1/organizations/${TENANT_GROUP}`)).status).toBe(401);
    expect((await run.http.get(`/inventory/internal/v1/organizations/${TENANT_GROUP}`)).status).toBe(405);
  });
});
