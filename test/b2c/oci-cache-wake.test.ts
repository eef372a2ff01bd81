import { afterAll, beforeAll, expect, it } from 'vitest';
import { IDLE_TURN_MS } from '../../emulator/b2c/oci-cache/follower.js';
import { startEmulator, TENANT, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { cacheStep, catchUp } from '../helpers/oci-cache.js';

// The cache sleeps while OCI has nothing new and wakes when OCI's change feed grows: moving the clock by days runs
// a few turns, not one every 250 ms, and a change is still applied at the poll time it would have been polled at.
// A reset of OCI's tenant group (its feed restarts below the streams' cursors) is an expired link: a full import.

const BM = '/on/demandware.store/Sites-Site/default';
const OCI = `/inventory/availability/v1/organizations/${TENANT_GROUP}/availability-records/actions/batch-update`;
let run: Running;
let token: string;

const nextTurn = () => run.emulator.clock.pending().find((j) => j.name === 'b2c oci cache streams');
const batch = (records: unknown[]) => run.http.post(OCI).set('Authorization', `Bearer ${token}`).send({ records });
const cached = (listId: string, sku: string) => run.emulator.services.b2c!.ociCache.record(TENANT, listId, sku);
const oci = (location: string, sku: string) => run.emulator.services.oci!.domain.query.location(TENANT_GROUP, location, sku);

beforeAll(async () => {
  run = await startEmulator();
  token = await tokenFor(run.http);
  expect((await run.http.post(`${BM}/OCIIntegration-SetMode`).set('Authorization', `Bearer ${token}`).send({ mode: 'OCI_CACHE' })).status).toBe(200);
  await catchUp(run.emulator);
});
afterAll(() => run.close());

it('sleeps while nothing changes, and a write wakes it for the next poll time', async () => {
  await cacheStep(run.emulator);
  const now = run.emulator.clock.now();
  const sleep = Date.parse(nextTurn()!.at) - now;
  expect(sleep).toBeGreaterThan(IDLE_TURN_MS - 1_000);
  expect(sleep).toBeLessThanOrEqual(IDLE_TURN_MS);
  expect((await batch([{ id: 'wake-1', location: 'STORE-BOS', sku: 'SKU-0003', onHand: 77 }])).status).toBe(204);
  const woken = Date.parse(nextTurn()!.at) - now;
  expect(woken).toBeGreaterThan(0);
  expect(woken).toBeLessThanOrEqual(250);
  await cacheStep(run.emulator);
  expect(cached('STORE-BOS', 'SKU-0003')?.onHand).toBe(77);
});

it('a week on the clock keeps the cache complete and renews its delta links', async () => {
  for (let day = 0; day < 7; day++) {
    await run.emulator.clock.advance(86_400_000);
    token = await tokenFor(run.http);
  }
  expect(run.emulator.services.b2c!.ociCache.listStatus(TENANT).map((r) => r.status)).toEqual(['complete', 'complete', 'complete']);
  expect((await batch([{ id: 'wake-2', location: 'STORE-DEN', sku: 'SKU-0004', onHand: 12 }])).status).toBe(204);
  await cacheStep(run.emulator);
  expect(cached('STORE-DEN', 'SKU-0004')?.onHand).toBe(12);
  // No full import was needed: the links never expired.
  expect(run.emulator.journal.query({ kind: 'event', type: 'b2c.cache.reimported' })).toHaveLength(0);
});

it('after OCI’s tenant group is reset, the streams import again and the cache matches OCI', async () => {
  const skus = Array.from({ length: 60 }, (_, i) => `PRE-RESET-${i}`);
  expect((await batch(skus.map((sku, i) => ({ id: `pre-${i}`, location: 'STORE-BOS', sku, onHand: 5 })))).status).toBe(204);
  await cacheStep(run.emulator);
  expect(cached('STORE-BOS', 'PRE-RESET-0')?.onHand).toBe(5);
  expect((await run.http.post('/__emulator/reset').send({ tenant: TENANT_GROUP })).status).toBe(200);
  token = await tokenFor(run.http);
  expect((await batch([{ id: 'post-1', location: 'STORE-BOS', sku: 'SKU-0001', onHand: 4242 }])).status).toBe(204);
  await catchUp(run.emulator);
  expect(cached('STORE-BOS', 'SKU-0001')?.onHand).toBe(oci('STORE-BOS', 'SKU-0001')?.onHand);
  expect(cached('STORE-BOS', 'SKU-0001')?.onHand).toBe(4242);
  expect(oci('STORE-BOS', 'PRE-RESET-0')).toBeUndefined();
  expect(cached('STORE-BOS', 'PRE-RESET-0')).toBeUndefined();
});
