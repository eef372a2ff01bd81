import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_GROUP, tokenFor } from '../../helpers/emulator.js';
import { RESERVATION, startReservations, type ReservationRun } from './helpers.js';

// Every reservation route against what a client can get wrong: tokens, scopes, tenants, bodies, limits, unknown
// ids. Each gets its documented error in OCI's dialect, never a 500, and nothing is half applied.

let run: ReservationRun;
let readOnly: string;
beforeAll(async () => {
  run = await startReservations();
  await run.world({ groups: { G: ['L1', 'L2'] }, stock: { S1: { L1: 10, L2: 10 } } });
  readOnly = await tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_001 sfcc.inventory.reservations sfcc.inventory.availability');
});
afterAll(() => run.close());

type Method = 'put' | 'patch' | 'post';
const DOC = `${RESERVATION}/reservation-documents/bad-input-doc`;
const ROUTES: [Method, string, unknown][] = [
  ['put', DOC, { locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 1 }] }] }],
  ['patch', DOC, { status: 'CANCELLED' }],
  ['post', `${RESERVATION}/releases`, { records: [{ id: 'r', location: 'L1', sku: 'S1', quantity: 1 }] }],
  ['post', `${RESERVATION}/transfers`, { records: [{ id: 't', from: { location: 'L1' }, to: { location: 'L2' }, sku: 'S1', quantity: 1 }] }],
  ['post', `${RESERVATION}/fulfillments`, { records: [{ id: 'f', location: 'L1', sku: 'S1', quantity: 1 }] }],
];
const send = (method: Method, path: string, headers: Record<string, string>, body?: unknown) => {
  const req = run.http[method](path).set(headers);
  return body === undefined ? req : req.send(body as object);
};

describe.each(ROUTES)('%s %s', (method, path, body) => {
  const auth = () => run.auth();
  it('without a token, or a garbage one → 401 gateway problem', async () => {
    expect((await send(method, path, {}, body)).status).toBe(401);
    expect((await send(method, path, { Authorization: 'Bearer x.y.z' }, body)).status).toBe(401);
  });

  it('with only the read scope → 403 (every route needs sfcc.inventory.reservations.rw)', async () => {
    const res = await send(method, path, { Authorization: `Bearer ${readOnly}` }, body);
    expect(res.status).toBe(403);
  });

  it('on a tenant group that is not provisioned → 403 TenantNotProvisioned', async () => {
    const res = await send(method, path.replace(TENANT_GROUP, 'unknown-tenant-group'), auth(), body);
    expect(res.body).toMatchObject({ errorCode: 'TenantNotProvisioned' });
  });

  it('malformed JSON → 400 InvalidRequest; a JSON array → 400; an oversized body → 413', async () => {
    const bad = await send(method, path, { ...auth(), 'Content-Type': 'application/json' }, '{"records": [');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequest' });
    expect((await send(method, path, { ...auth(), 'Content-Type': 'application/json' }, '[1,2]')).status).toBe(400);
    expect((await send(method, path, auth(), { pad: 'x'.repeat(1_100_000) })).status).toBe(413);
  });

  it('a method the route does not have → 405', async () => {
    expect((await run.http.get(path).set(auth())).status).toBe(405);
  });
});

const quantities = (q: unknown) => ({ locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: q }] }] });
const records = (n: number) => ({ records: Array.from({ length: n }, (_, i) => ({ id: `r-${i}`, location: 'L1', sku: 'S1', quantity: 0 })) });

describe('bodies the routes refuse, nothing applied', () => {
  const cases: [string, Method, string, unknown, number, string][] = [
    ['zero quantity', 'put', DOC, quantities(0), 400, 'InvalidRequestParameter'],
    ['negative quantity', 'put', DOC, quantities(-1), 400, 'InvalidRequestParameter'],
    ['four decimals', 'put', DOC, quantities(1.0001), 400, 'InvalidRequestParameter'],
    ['a string quantity', 'put', DOC, quantities('1'), 400, 'InvalidRequestParameter'],
    ['expirationSeconds 0', 'put', DOC, { ...quantities(1), expirationSeconds: 0 }, 400, 'InvalidRequestParameter'],
    ['expirationSeconds over 14 400', 'put', DOC, { ...quantities(1), expirationSeconds: 14_401 }, 400, 'InvalidRequestParameter'],
    ['a bad reservationTime', 'put', DOC, { ...quantities(1), reservationTime: 'tomorrow' }, 400, 'InvalidRequestParameter'],
    ['a SKU with a slash', 'put', DOC, { locations: [{ id: 'L1', reservations: [{ sku: 'a/b', quantity: 1 }] }] }, 400, 'InvalidRequestParameter'],
    ['no places', 'put', DOC, { groups: [], locations: [] }, 400, 'InvalidRequest'],
    ['an unknown location', 'put', DOC, { locations: [{ id: 'L9', reservations: [{ sku: 'S1', quantity: 1 }] }] }, 400, 'LocationDoesNotExist'],
    ['a status other than CANCELLED', 'patch', DOC, { status: 'CLOSED' }, 400, 'InvalidRequestParameter'],
    ['no records', 'post', `${RESERVATION}/releases`, { records: [] }, 400, 'InvalidRequestParameter'],
    ['101 records', 'post', `${RESERVATION}/releases`, records(101), 400, 'InvalidRequestParameter'],
    ['neither location nor group', 'post', `${RESERVATION}/releases`, { records: [{ id: 'r', sku: 'S1', quantity: 1 }] }, 400, 'InvalidRequestParameter'],
    ['a negative release', 'post', `${RESERVATION}/releases`, { records: [{ id: 'r', location: 'L1', sku: 'S1', quantity: -1 }] }, 400, 'InvalidRequestParameter'],
    ['a transfer end with both kinds', 'post', `${RESERVATION}/transfers`, { records: [{ id: 't', from: { location: 'L1', group: 'G' }, to: { location: 'L2' }, sku: 'S1', quantity: 1 }] }, 400, 'InvalidRequestParameter'],
    ['a zero transfer', 'post', `${RESERVATION}/transfers`, { records: [{ id: 't', from: { location: 'L1' }, to: { location: 'L2' }, sku: 'S1', quantity: 0 }] }, 400, 'InvalidRequestParameter'],
    ['101 fulfillments', 'post', `${RESERVATION}/fulfillments`, { records: Array.from({ length: 101 }, (_, i) => ({ id: `f${i}`, location: 'L1', sku: 'S1', quantity: 1 })) }, 400, 'InvalidRequestParameter'],
    ['a fulfillment without location', 'post', `${RESERVATION}/fulfillments`, { records: [{ id: 'f', sku: 'S1', quantity: 1 }] }, 400, 'MissingParameter'],
  ];

  it.each(cases)('%s → %i %s', async (_name, method, path, body, status, errorCode) => {
    await run.reserve('held', { locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 2 }] }] });
    const res = await send(method, path, run.auth(), body);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ type: 'about:blank', errorCode });
    expect(await run.location('L1', 'S1')).toMatchObject({ onHand: 10, reserved: 2 });
  });
});
