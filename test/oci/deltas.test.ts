import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BASE, recordPath, startOci, type OciRun } from './helpers.js';

let run: OciRun;
beforeAll(async () => {
  run = await startOci('demo');
});
afterAll(() => run.close());

const mint = async (placeType: string, places: string[]) => {
  const res = await run.post(`${BASE}/availability-records/delta-token`, { placeType, places });
  expect(res.status).toBe(200);
  return res.body.deltaToken as string;
};
const deltas = (deltaToken: string) => run.post(`${ACTIONS}/get-deltas`, { deltaToken });
const batch = (records: unknown[]) => run.post(`${ACTIONS}/batch-update`, { records });

describe('change feed and deltas', () => {
  it('a new token sees nothing; then each changed (place, SKU) once, with current figures, keys in streaming order', async () => {
    const token = await mint('location', ['WH-EAST']);
    const empty = await deltas(token);
    expect(empty.body).toEqual({ nextDeltaToken: expect.any(String), shouldQueryAgain: false, records: [] });
    await batch([
      { id: 'd-1', location: 'WH-EAST', sku: 'SKU-0001', onHand: 10 },
      { id: 'd-2', location: 'WH-WEST', sku: 'SKU-0001', onHand: 10 },
      { id: 'd-3', location: 'WH-EAST', sku: 'SKU-0001', onHand: 12, safetyStockCount: 2 },
    ]);
    const page = await deltas(empty.body.nextDeltaToken);
    expect(Object.keys(page.body)).toEqual(['nextDeltaToken', 'shouldQueryAgain', 'records']);
    expect(page.body.records).toHaveLength(1);
    const [record] = page.body.records;
    expect(Object.keys(record)).toEqual(['sku', 'deltaType', 'id', 'effectiveDate', 'onHand', 'atf', 'ato', 'reserved', 'safetyStockCount', 'futures']);
    expect(record).toMatchObject({ sku: 'SKU-0001', deltaType: 'Change', id: 'WH-EAST', onHand: 12, safetyStockCount: 2, atf: 10, reserved: 0 });
    expect((await deltas(page.body.nextDeltaToken)).body.records).toEqual([]);
  });

  it('group streams see member changes as group records, deletes as Delete, exclusions too', async () => {
    const token = await mint('group', ['US-STORES']);
    await batch([{ id: 'g-1', location: 'STORE-BOS', sku: 'SKU-0002', onHand: 7 }]);
    await batch([{ id: 'g-2', location: 'WH-EAST', sku: 'SKU-0002', onHand: 7 }]);
    const first = await deltas(token);
    expect(first.body.records.map((r: { id: string; sku: string; deltaType: string }) => [r.id, r.sku, r.deltaType])).toEqual([['US-STORES', 'SKU-0002', 'Change']]);
    await run.http.delete(recordPath('STORE-BOS', 'ONLY-HERE', 'x')).set('Authorization', `Bearer ${run.token}`);
    await batch([{ id: 'g-3', location: 'STORE-DEN', sku: 'ONLY-DEN', onHand: 1 }]);
    await run.http.delete(recordPath('STORE-DEN', 'ONLY-DEN', 'del-den')).set('Authorization', `Bearer ${run.token}`);
    await run.post(`${BASE}/product-segmentation/actions/batch-update`, { groups: [{ groupId: 'US-STORES', mode: 'APPEND', skus: ['SKU-0003'] }] });
    const second = await deltas(first.body.nextDeltaToken);
    const byKey = Object.fromEntries(second.body.records.map((r: { sku: string; deltaType: string; onHand: number }) => [r.sku, r]));
    expect(byKey['ONLY-DEN']).toMatchObject({ deltaType: 'Delete', onHand: 0, atf: 0, ato: 0, reserved: 0, safetyStockCount: 0, futures: [] });
    expect(byKey['SKU-0003']).toMatchObject({ deltaType: 'Delete', id: 'US-STORES' });
  });

  it('pages: shouldQueryAgain while more changes wait, until the stream is drained', async () => {
    const token = await mint('location', ['STORE-DEN']);
    const records = Array.from({ length: 100 }, (_, i) => ({ id: `p-${i}`, location: 'STORE-DEN', sku: `PAGE-${i}`, onHand: i }));
    for (let n = 0; n < 12; n++) await batch(records.map((r) => ({ ...r, id: `${r.id}-${n}`, sku: `${r.sku}-${n}` })));
    let next = token;
    let pages = 0;
    let seen = 0;
    for (;;) {
      const page = await deltas(next);
      pages++;
      seen += page.body.records.length;
      next = page.body.nextDeltaToken;
      if (!page.body.shouldQueryAgain) break;
    }
    expect(seen).toBe(1200);
    expect(pages).toBe(2);
  });

  it('tokens live 23.5 hours on the emulator clock, and the continuation token renews that', async () => {
    const token = await mint('location', ['WH-WEST']);
    await run.emulator.clock.advance(23 * 3_600_000);
    await run.refreshToken();
    const fresh = await deltas(token);
    expect(fresh.status).toBe(200);
    await run.emulator.clock.advance(3_600_000);
    await run.refreshToken();
    const expired = await deltas(token);
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({ type: 'about:blank', errorCode: 'ExpiredDeltaLink', message: 'The delta token provided has expired.' });
    expect((await deltas(fresh.body.nextDeltaToken)).status).toBe(200);
  });

  it.each([
    [{ deltaToken: 'not-a-token' }, 400, 'InvalidRequestParameter'],
    [{ deltaToken: Buffer.from('{"v":1,"tg":"someone-else","pt":"g","ids":[],"c":0,"iat":0}').toString('base64url') }, 400, 'InvalidRequestParameter'],
    [{ deltaToken: '' }, 400, 'InvalidRequestParameter'],
    [{}, 400, 'InvalidRequestParameter'],
    [{ deltaToken: 42 }, 400, 'InvalidRequestParameter'],
  ])('get-deltas %j → %d %s', async (body, status, errorCode) => {
    const res = await run.post(`${ACTIONS}/get-deltas`, body);
    expect(res.status).toBe(status);
    expect(res.body.errorCode).toBe(errorCode);
  });

  it.each([
    [{ placeType: 'group', places: ['NOGROUP'] }, 'GroupDoesNotExist'],
    [{ placeType: 'location', places: ['NOWHERE'] }, 'LocationDoesNotExist'],
    [{ placeType: 'region', places: ['WH-EAST'] }, 'InvalidRequestParameter'],
    [{ placeType: 'group', places: [] }, 'InvalidRequestParameter'],
    [{ placeType: 'group', places: Array.from({ length: 101 }, (_, i) => `G${i}`) }, 'InvalidRequestParameter'],
  ])('delta-token %j → 400 %s', async (body, errorCode) => {
    const res = await run.post(`${BASE}/availability-records/delta-token`, body);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe(errorCode);
  });
});
