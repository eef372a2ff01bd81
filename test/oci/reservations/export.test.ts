import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_GROUP } from '../../helpers/emulator.js';
import { AVAILABILITY, startReservations, type ReservationRun } from './helpers.js';

// What reservations leave behind for other readers: the impex reservations export (documents with their actions),
// the event log, and the availability change feed.

const IMPEX = `/inventory/impex/v1/organizations/${TENANT_GROUP}`;
let run: ReservationRun;
beforeAll(async () => {
  run = await startReservations();
  await run.world({ groups: { G: ['L1', 'L2'] }, stock: { S1: { L1: 50, L2: 50 } } });
});
afterAll(() => run.close());

async function exported(kind: string, body: unknown): Promise<Record<string, unknown>[]> {
  const init = await run.http.post(`${IMPEX}/${kind}/exports`).set(run.auth()).send(body as object);
  if (init.status !== 200) throw new Error(`${init.status} ${init.text}`);
  for (let i = 0; i < 1000; i++) {
    const status = await run.http.get(`${IMPEX}/${kind}/exports/${init.body.exportId}/status`).set(run.auth());
    if (status.body.status === 'COMPLETED') {
      const file = await run.http.get(status.body.download.downloadLink).set(run.auth()).buffer(true).parse((r, cb) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (data += c));
        r.on('end', () => cb(null, data));
      });
      return String(file.body).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    }
    if (status.body.status === 'FAILED') throw new Error(JSON.stringify(status.body));
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('export did not finish');
}

describe('after reserve → transfer → fulfill', () => {
  beforeAll(async () => {
    const { body: token } = await run.http.post(`${AVAILABILITY}/availability-records/delta-token`).set(run.auth()).send({ placeType: 'group', places: ['G'] });
    (globalThis as { deltaToken?: string }).deltaToken = token.deltaToken;
    await run.reserve('order-1', { externalRefId: 'ORD-1', groups: [{ id: 'G', reservations: [{ sku: 'S1', quantity: 2 }] }] });
    await run.post('transfers', { records: [{ id: 'move-1', externalRefId: 'ORD-1', from: { group: 'G' }, to: { location: 'L2' }, sku: 'S1', quantity: 2 }] });
    await run.post('fulfillments', { records: [{ id: 'ship-1', location: 'L2', sku: 'S1', quantity: 2 }] });
    await run.reserve('order-2', { locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 1 }] }] });
  });

  it('the reservations export lists the closed document with every action, and the open one apart', async () => {
    const closed = await exported('reservations', { status: 'closed', fromDate: '2026-03-01T00:00:00Z' });
    expect(closed).toEqual([
      {
        reservationId: 'order-1',
        externalRefId: 'ORD-1',
        reservationTime: Date.parse('2026-03-02T09:00:00Z'),
        reservationState: 'CLOSED',
        reservationDetails: [
          {
            group: 'G',
            sku: 'S1',
            quantity: 2,
            reservationDetailActions: [
              { requestId: 'order-1', quantity: 2, action: 'Reserved', group: 'G', timestamp: String(Date.parse('2026-03-02T09:00:00Z')) },
              { requestId: 'move-1', externalRefId: 'ORD-1', quantity: 2, action: 'Moved', from: { group: 'G' }, to: { location: 'L2' }, timestamp: String(Date.parse('2026-03-02T09:00:00Z')) },
            ],
          },
          {
            location: 'L2',
            sku: 'S1',
            quantity: 2,
            reservationDetailActions: [
              { requestId: 'move-1', externalRefId: 'ORD-1', quantity: 2, action: 'Moved', from: { group: 'G' }, to: { location: 'L2' }, timestamp: String(Date.parse('2026-03-02T09:00:00Z')) },
              { requestId: 'ship-1', quantity: 2, action: 'Fulfilled', location: 'L2', timestamp: String(Date.parse('2026-03-02T09:00:00Z')) },
            ],
          },
        ],
      },
    ]);
    const open = await exported('reservations', { status: 'open', fromDate: '2026-03-01T00:00:00Z' });
    expect(open.map((d) => d.reservationId)).toEqual(['order-2']);
    expect(await exported('reservations', { status: 'open', fromDate: '2026-03-03T00:00:00Z', toDate: '2026-03-04T00:00:00Z' })).toEqual([]);
  });

  it('the event log shows each reservation change with old and new figures', async () => {
    const events = await exported('event-log', { sku: 'S1', startsOn: '2026-03-01T00:00:00Z', locations: ['L1', 'L2'] });
    const of = (type: string) => events.filter((e) => e.eventType === type);
    // The group hold lands on L1 (first of equally shared members) as soft reserved; the location figures stay.
    expect(of('reservation_create')[0]).toMatchObject({ oldSoftReserved: 0, newSoftReserved: 2, oldReserved: 0, newReserved: 0, oldOnHand: 50, newOnHand: 50 });
    // The transfer takes the hold off L1 and reserves at L2; the fulfillment ships from L2.
    expect(of('reservation_transfer').map((e) => [e.oldSoftReserved, e.newSoftReserved, e.oldReserved, e.newReserved])).toEqual([[2, 0, 0, 0], [0, 0, 0, 2]]);
    expect(of('reservation_fulfill')[0]).toMatchObject({ oldReserved: 2, newReserved: 0, oldOnHand: 50, newOnHand: 48 });
  });

  it('get-deltas for the group reports the SKU with its figures now', async () => {
    const token = (globalThis as { deltaToken?: string }).deltaToken;
    const res = await run.http.post(`${AVAILABILITY}/availability-records/actions/get-deltas`).set(run.auth()).send({ deltaToken: token });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('"sku":"S1"');
    expect(await run.group('G', 'S1')).toMatchObject({ onHand: 98, reserved: 1 });
  });
});
