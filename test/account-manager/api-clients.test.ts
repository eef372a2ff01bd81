import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, integration, startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { errorsOf, specsAvailable, specValidator } from '../helpers/specs.js';
import { AM_ORG } from './helpers.js';

const BASE = '/dw/rest/v1/apiclients';
const SPEC = 'account-manager/am-apiclients-api-v1.yaml';
const haveSpec = specsAvailable(SPEC);
let run: Running;
let token: string;
beforeAll(async () => {
  run = await startEmulator();
  token = await adminToken(run.http);
});
afterAll(() => run.close());

const auth = () => ({ Authorization: `Bearer ${token}` });
const newClient = (extra: Record<string, unknown> = {}) => ({
  name: 'inventory-sync',
  organizations: [AM_ORG],
  password: 'Sync-Inventory-2026!',
  roles: ['SALESFORCE_COMMERCE_API'],
  roleTenantFilter: 'SALESFORCE_COMMERCE_API:zzzz_001',
  scopes: ['sfcc.inventory.availability'],
  defaultScopes: ['sfcc.inventory.availability'],
  ...extra,
});

describe('API Clients API', () => {
  it('creates an inactive client (201, Location), which cannot get a token until activated', async () => {
    const res = await run.http.post(BASE).set(auth()).send(newClient());
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${run.url}${BASE}/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'inventory-sync',
      active: false,
      organizations: [AM_ORG],
      roles: ['SALESFORCE_COMMERCE_API'],
      roleTenantFilterMap: { SALESFORCE_COMMERCE_API: ['zzzz_001'] },
      tokenEndpointAuthMethod: 'client_secret_post',
      disabledTimestamp: null,
      lastAuthenticatedDate: null,
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    expect(res.body.password).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|passwordSalt/);
    const id = res.body.id as string;
    const client = { id, secret: 'Sync-Inventory-2026!' };
    await expect(tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_001', client)).rejects.toThrow(/401/);
    const activated = await run.http.put(`${BASE}/${id}`).set(auth()).send({ active: true });
    expect(activated.status).toBe(200);
    expect(activated.body.name).toBe('inventory-sync');
    expect(await tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_001', client)).toMatch(/^ey/);
  });

  it('lists with paging and reads one, expanded or not', async () => {
    const page = await run.http.get(BASE).query({ page: 0, size: 1 }).set(auth());
    expect(page.status).toBe(200);
    expect(page.body.content).toHaveLength(1);
    expect(page.body.totalElements).toBeGreaterThanOrEqual(2);
    const nested = await run.http.get(`${BASE}?pageable[size]=2&pageable[page]=0`).set(auth());
    expect(nested.body.content).toHaveLength(2);
    const one = await run.http.get(`${BASE}/${integration.id}`).query({ expand: 'organizations,roles' }).set(auth());
    expect(one.body.organizations[0]).toMatchObject({ id: AM_ORG, realms: ['zzzz'] });
    expect(one.body.roles[0]).toMatchObject({ id: 'SALESFORCE_COMMERCE_API', roleEnumName: 'SALESFORCE_COMMERCE_API' });
  });

  it.runIf(haveSpec)('responses validate against the Account Manager OpenAPI', async () => {
    // The spec's own response examples carry `roleTenantFilter: null` although its schema says string.
    const fixups = { nullable: ['RoleTenantFilter'] };
    const read = specValidator(SPEC, '#/components/schemas/APIClientRead', fixups);
    const collection = specValidator(SPEC, '#/components/schemas/APIClientCollection', fixups);
    const one = await run.http.get(`${BASE}/${integration.id}`).set(auth());
    expect(read(one.body), errorsOf(read)).toBe(true);
    const expanded = await run.http.get(`${BASE}/${integration.id}?expand=organizations,roles`).set(auth());
    expect(read(expanded.body), errorsOf(read)).toBe(true);
    const list = await run.http.get(BASE).set(auth());
    expect(list.body.content.some((c: { roleTenantFilter: unknown }) => c.roleTenantFilter === null)).toBe(true);
    expect(collection(list.body), errorsOf(collection)).toBe(true);
  });

  it.runIf(haveSpec)("the spec's own create example is accepted once its organization and realm exist", async () => {
    const res = await run.http
      .post(BASE)
      .set(auth())
      .send({ ...newClient({ roleTenantFilter: 'SALESFORCE_COMMERCE_API:zzzz_prd' }), name: 'apiclient-stg', description: 'Client for staging environment.', password: 'MySecureP@ss123' });
    expect(res.status).toBe(201);
  });

  it.each([
    ['a missing name', { name: undefined }, 'name', 'NotNull'],
    ['a weak password', { password: 'password1234' }, 'password', 'Password'],
    ['a short password', { password: 'Ab1!' }, 'password', 'Password'],
    ['a password containing the name', { password: 'Inventory-Sync-99' }, 'password', 'Password'],
    ['an unknown organization', { organizations: ['nope'] }, 'organizations', 'Invalid'],
    ['no organization', { organizations: [] }, 'organizations', 'NotEmpty'],
    ['an unknown role', { roles: ['GOD_MODE'] }, 'roles', 'Invalid'],
    ['a tenant outside the organization realms', { roleTenantFilter: 'SALESFORCE_COMMERCE_API:abcd_prd' }, 'roleTenantFilter', 'Invalid'],
    ['a malformed tenant filter', { roleTenantFilter: 'SALESFORCE_COMMERCE_API' }, 'roleTenantFilter', 'Pattern'],
    ['the retired UUID token format', { tokenFormat: 'UUID' }, 'tokenFormat', 'Invalid'],
    ['an unknown auth method', { tokenEndpointAuthMethod: 'magic' }, 'tokenEndpointAuthMethod', 'Invalid'],
    ['private_key_jwt without a key', { tokenEndpointAuthMethod: 'private_key_jwt' }, 'jwtPublicKey', 'NotNull'],
    ['a name of the wrong type', { name: 42 }, 'name', 'typeMismatch'],
    ['duplicate roles', { roles: ['SALESFORCE_COMMERCE_API', 'SALESFORCE_COMMERCE_API'] }, 'roles', 'Invalid'],
  ])('refuses %s with an Account Manager field error', async (_name, patch, field, code) => {
    const res = await run.http.post(BASE).set(auth()).send(newClient(patch));
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ message: 'invalid argument APIClient', code: 'invalid argument APIClient' });
    expect(res.body.errors[0].fieldErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code, objectName: 'APIClient' })]));
  });

  it('refuses malformed JSON, a non-object body and a wrong content type, in its own error shape', async () => {
    const bad = await run.http.post(BASE).set(auth()).set('Content-Type', 'application/json').send('{"name": ');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe('HttpMessageNotReadableException');
    const array = await run.http.post(BASE).set(auth()).send([1, 2]);
    expect(array.status).toBe(400);
    const text = await run.http.post(BASE).set(auth()).set('Content-Type', 'text/plain').send('name=x');
    expect(text.status).toBe(415);
    expect(text.body.errors[0].code).toBe('HttpMediaTypeNotSupportedException');
  });

  it('changes a password (old must match, new must be strong); the old secret stops working', async () => {
    const created = await run.http.post(BASE).set(auth()).send(newClient({ name: 'rotating', active: true }));
    const id = created.body.id as string;
    const change = (body: unknown) => run.http.put(`${BASE}/${id}/password`).set(auth()).send(body as object);
    expect((await change({ old: 'wrong-old-password', new: 'Rotated-Secret-77' })).status).toBe(400);
    expect((await change({ old: 'Sync-Inventory-2026!', new: 'weak' })).status).toBe(400);
    expect((await change({ old: 'Sync-Inventory-2026!', new: 'Rotated-Secret-77' })).status).toBe(204);
    await expect(tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_001', { id, secret: 'Sync-Inventory-2026!' })).rejects.toThrow(/401/);
    expect(await tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_001', { id, secret: 'Rotated-Secret-77' })).toMatch(/^ey/);
  });

  it('deletes only a client disabled for at least 7 days (412 before), on the emulator clock', async () => {
    const created = await run.http.post(BASE).set(auth()).send(newClient({ name: 'to-delete', active: true }));
    const id = created.body.id as string;
    expect((await run.http.delete(`${BASE}/${id}`).set(auth())).status).toBe(412);
    const disabled = await run.http.put(`${BASE}/${id}`).set(auth()).send({ active: false });
    expect(disabled.body.disabledTimestamp).toBe(run.emulator.clock.iso());
    await run.emulator.clock.advance(6 * 86_400_000);
    token = await adminToken(run.http);
    expect((await run.http.delete(`${BASE}/${id}`).set(auth())).status).toBe(412);
    await run.emulator.clock.advance(86_400_000);
    token = await adminToken(run.http);
    expect((await run.http.delete(`${BASE}/${id}`).set(auth())).status).toBe(204);
    expect((await run.http.get(`${BASE}/${id}`).set(auth())).status).toBe(404);
  });

  it('answers unknown ids with 404 and wrong methods with 405', async () => {
    const missing = await run.http.get(`${BASE}/does-not-exist`).set(auth());
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].message).toMatch(/No API client found/);
    const patch = await run.http.patch(`${BASE}/${integration.id}`).set(auth()).send({});
    expect(patch.status).toBe(405);
    expect(patch.headers.allow).toBe('GET, PUT, DELETE');
  });

  it('needs a token of an Account Administrator: none → 401, integration client → 403', async () => {
    const none = await run.http.get(BASE);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ errors: [{ message: 'Authorization header is missing', code: 'InsufficientAuthenticationException', fieldErrors: null }] });
    const integrationToken = await tokenFor(run.http);
    const forbidden = await run.http.get(BASE).set('Authorization', `Bearer ${integrationToken}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors[0].code).toBe('AccessDeniedException');
  });
});
