import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, startOci, type OciRun } from './helpers.js';

let run: OciRun;
beforeAll(async () => {
  run = await startOci('demo');
});
afterAll(() => run.close());

const ids = (places: { id: string }[]) => places.map((p) => p.id);

describe('get-availability forms', () => {
  it('sku alone: every location in no group (none in the demo world)', async () => {
    const res = await run.available({ sku: 'SKU-0001' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ locations: [] });
  });

  it('sku + group: the group’s locations and the group itself', async () => {
    const res = await run.available({ sku: 'SKU-0001', group: 'US-STORES' });
    expect(ids(res.body.locations)).toEqual(['STORE-BOS', 'STORE-DEN']);
    expect(ids(res.body.groups)).toEqual(['US-STORES']);
    const [bos, den] = res.body.locations.map((l: { records: { onHand: number }[] }) => l.records[0]!.onHand);
    expect(res.body.groups[0].records[0].onHand).toBe(bos + den);
  });

  it('skus × locations and groups, in request order; unknown SKUs are left out', async () => {
    const res = await run.available({ skus: ['SKU-0002', 'NOT-A-SKU', 'SKU-0001'], locations: ['WH-WEST', 'WH-EAST'], groups: ['US-ONLINE'] });
    expect(res.status).toBe(200);
    expect(ids(res.body.locations)).toEqual(['WH-WEST', 'WH-EAST']);
    expect(res.body.locations[0].records.map((r: { sku: string }) => r.sku)).toEqual(['SKU-0002', 'SKU-0001']);
    expect(res.body.groups[0].records).toHaveLength(2);
  });

  it('exactly 100 combinations is fine; 101 is refused', async () => {
    const skus = (n: number) => Array.from({ length: n }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`);
    expect((await run.available({ skus: skus(20), locations: ['WH-EAST', 'WH-WEST', 'STORE-BOS', 'STORE-DEN'], groups: ['US-ONLINE'] })).status).toBe(200);
    const tooMany = await run.available({ skus: [...skus(20), 'X1'], locations: ['WH-EAST', 'WH-WEST', 'STORE-BOS', 'STORE-DEN'], groups: ['US-ONLINE'] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequestParameter', parameterName: 'skus' });
    expect(tooMany.body.message).toMatch(/105 SKU and place combinations/);
  });

  it.each([
    [{ skus: ['SKU-0001'], locations: ['NOWHERE'] }, 'LocationDoesNotExist', { location: 'NOWHERE' }],
    [{ skus: ['SKU-0001'], groups: ['NOGROUP'] }, 'GroupDoesNotExist', { group: 'NOGROUP' }],
    [{ sku: 'SKU-0001', group: 'NOGROUP' }, 'GroupDoesNotExist', {}],
    [{ skus: ['SKU-0001', 'SKU-0001'], locations: ['WH-EAST'] }, 'DuplicateSku', { parameterName: 'skus' }],
    [{ skus: ['SKU-0001'], locations: ['WH-EAST', 'WH-EAST'] }, 'DuplicateLocationId', {}],
    [{ skus: ['SKU-0001'], groups: ['US-ONLINE', 'US-ONLINE'] }, 'DuplicateGroupId', {}],
    [{ sku: 'SKU-0001', skus: ['SKU-0002'] }, 'InvalidRequestParameter', { parameterName: 'sku' }],
    [{ group: 'US-ONLINE' }, 'InvalidRequestParameter', { parameterName: 'sku' }],
    [{}, 'InvalidRequestParameter', { parameterName: 'skus' }],
    [{ skus: [] }, 'InvalidRequestParameter', { parameterName: 'skus' }],
    [{ skus: ['SKU-0001'], locations: [] }, 'InvalidRequestParameter', { parameterName: 'locations' }],
    [{ skus: ['a'], locations: ['WH-EAST'] }, 'InvalidRequestParameter', { parameterName: 'skus[0]' }],
    [{ skus: ['has space'], locations: ['WH-EAST'] }, 'InvalidRequestParameter', { parameterName: 'skus[0]' }],
    [{ skus: ['SKU-0001'], locations: ['bad/id'] }, 'InvalidRequestParameter', { parameterName: 'locations[0]' }],
    [{ skus: ['SKU-0001'], locations: ['x'.repeat(129)] }, 'InvalidRequestParameter', { parameterName: 'locations[0]' }],
    [{ skus: 'SKU-0001' }, 'InvalidRequestParameter', { parameterName: 'skus' }],
    [{ skus: [42], locations: ['WH-EAST'] }, 'InvalidRequestParameter', {}],
    [{ sku: 42 }, 'InvalidRequestParameter', { parameterName: 'sku' }],
  ])('%j → 400 %s', async (body, errorCode, extra) => {
    const res = await run.available(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: 'about:blank', errorCode, ...extra });
    expect(typeof res.body.message).toBe('string');
  });
});

describe('memoized answers', () => {
  it('a repeated query follows every change: batch-update, segmentation, publish, reset, snapshot restore', async () => {
    const body = { skus: ['SKU-0024'], locations: ['WH-EAST'], groups: ['US-ONLINE'] };
    const onHand = async () => {
      const res = await run.available(body);
      return [res.body.locations[0]?.records[0]?.onHand, res.body.groups[0]?.records.length] as const;
    };
    await run.http.post('/__emulator/snapshots').send({ name: 'memo' });
    const [start] = await onHand();
    expect(await onHand()).toEqual([start, 1]);
    await run.post(`${BASE}/availability-records/actions/batch-update`, { records: [{ id: 'memo-1', location: 'WH-EAST', sku: 'SKU-0024', onHand: 4321 }] });
    expect(await onHand()).toEqual([4321, 1]);
    await run.post(`${BASE}/product-segmentation/actions/batch-update`, { groups: [{ groupId: 'US-ONLINE', mode: 'APPEND', skus: ['SKU-0024'] }] });
    expect(await onHand()).toEqual([4321, 0]);
    await run.http.post('/__emulator/snapshots/memo/restore');
    expect(await onHand()).toEqual([start, 1]);
    await run.post(`${BASE}/availability-records/actions/batch-update`, { records: [{ id: 'memo-2', location: 'WH-EAST', sku: 'SKU-0024', onHand: 7 }] });
    await run.http.post('/__emulator/reset');
    expect(await onHand()).toEqual([start, 1]);
  });
});
