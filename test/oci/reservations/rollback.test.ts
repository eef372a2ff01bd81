import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LineReservations } from '../../../emulator/oci/reservations/line-reservations.js';
import { Movements } from '../../../emulator/oci/reservations/movements.js';
import { TENANT_GROUP } from '../../helpers/emulator.js';
import { startReservations, type ReservationRun } from './helpers.js';

// A failed request leaves nothing behind: no document, no holds, no feed entries, no remembered record ids. A bad
// time is refused before anything changes; a failure late in processing (injected here) rolls back what the
// request had changed. The same id then works with a good body.

let run: ReservationRun;
beforeEach(async () => {
  run = await startReservations();
  await run.world({ groups: { G: ['L1', 'L2'] }, stock: { S1: { L1: 10, L2: 10 }, S2: { L1: 5 } } });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await run.close();
});

const oci = () => run.emulator.services.oci!.domain;
/** What a failed request must not have changed. */
async function traces(id: string) {
  return {
    document: structuredClone(oci().reservations.document(TENANT_GROUP, id)),
    feed: oci().feed.head(TENANT_GROUP),
    L1: await run.location('L1', 'S1'),
    L2: await run.location('L2', 'S1'),
    S2: await run.location('L1', 'S2'),
    group: await run.group('G', 'S1'),
  };
}

const GOOD = {
  expirationSeconds: 600,
  groups: [{ id: 'G', reservations: [{ sku: 'S1', quantity: 3 }] }],
  locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 2 }], allOrNothingReservations: [{ id: 'set', reservations: [{ sku: 'S2', quantity: 1 }] }] }],
};

describe('a reservation PUT that fails', () => {
  it.each(['2026-13-99T99:99:99Z', '2026-02-30T00:00:00Z', '+275760-09-13T00:00:00Z'])(
    'with reservationTime %s: 400 naming the field, nothing left, and the id then works',
    async (reservationTime) => {
      const before = await traces('doc-1');
      const res = await run.reserve('doc-1', { ...GOOD, reservationTime });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequestParameter', parameterName: 'reservationTime' });
      expect(await traces('doc-1')).toEqual(before);
      for (let i = 0; i < 2; i++) expect((await run.reserve('doc-1', { ...GOOD, reservationTime })).status).toBe(400);

      const good = await run.reserve('doc-1', { ...GOOD, reservationTime: '2026-03-02T09:00:00Z' });
      expect(good.status).toBe(200);
      expect(good.body).toMatchObject({ success: true, expirationTime: '2026-03-02T09:10:00.000Z' });
      expect(await run.location('L1', 'S2')).toMatchObject({ reserved: 1 });
      expect((await run.reserve('doc-1', { ...GOOD, reservationTime: '2026-03-02T09:00:00Z' })).status).toBe(200);
    },
  );

  it('late in processing, after lines were held: 500 in the OCI dialect, everything rolled back, and the id then works', async () => {
    const before = await traces('doc-2');
    const spy = vi.spyOn(LineReservations.prototype, 'reserveAllOrNothing').mockImplementationOnce(() => {
      throw new Error('injected failure');
    });
    const res = await run.reserve('doc-2', GOOD);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ type: 'about:blank' });
    expect(JSON.stringify(res.body)).not.toMatch(/injected|at .*\.ts/);
    expect(await traces('doc-2')).toEqual(before);
    expect(run.emulator.clock.pending().filter((j) => j.key?.includes('doc-2'))).toEqual([]);

    const good = await run.reserve('doc-2', GOOD);
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ success: true });
    expect(await run.location('L1', 'S1')).toMatchObject({ reserved: 2 });
    expect(await run.location('L1', 'S2')).toMatchObject({ reserved: 1 });
    expect(oci().feed.head(TENANT_GROUP)).toBeGreaterThan(before.feed);
    expect(run.emulator.clock.pending().filter((j) => j.key?.includes('doc-2'))).toHaveLength(1);
  });
});

describe('a record request that fails late', () => {
  it('rolls back the records before it and forgets their ids, so the same request then applies once', async () => {
    expect((await run.reserve('held', { locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 4 }] }] })).status).toBe(200);
    const body = {
      records: [
        { id: 'f-1', location: 'L1', sku: 'S1', quantity: 1 },
        { id: 'f-2', location: 'L1', sku: 'S1', quantity: 1 },
      ],
    };
    const before = await traces('held');
    const real = Movements.prototype.fulfill;
    let calls = 0;
    vi.spyOn(Movements.prototype, 'fulfill').mockImplementation(function (this: Movements, ...args: Parameters<Movements['fulfill']>) {
      if (++calls === 2) throw new Error('injected failure');
      return real.apply(this, args);
    });
    expect((await run.post('fulfillments', body)).status).toBe(500);
    expect(await traces('held')).toEqual(before);
    vi.restoreAllMocks();

    expect((await run.post('fulfillments', body)).status).toBe(204);
    expect(await run.location('L1', 'S1')).toMatchObject({ onHand: 8, reserved: 2 });
    expect((await run.post('fulfillments', body)).status).toBe(204);
    expect(await run.location('L1', 'S1')).toMatchObject({ onHand: 8, reserved: 2 });
  });
});
