import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReservations, type ReservationRun } from './helpers.js';

// Creating, replaying, cancelling and expiring reservation documents.

let run: ReservationRun;
beforeEach(async () => {
  run = await startReservations({ reservations: { expiryLagMs: 12_000 } });
  await run.world({
    groups: { G: ['L1', 'L2'] },
    stock: { S1: { L1: 10, L2: 4 }, S2: { L1: { onHand: 3, safetyStockCount: 1, futures: 5 } }, S3: { L1: 2 } },
  });
});
afterEach(async () => {
  await run.close();
});

const at = (id: string, sku: string, quantity: number) => ({ id, reservations: [{ sku, quantity }] });

describe('create', () => {
  it('partial (the default) grants what is there without an error; nothing there is an error line', async () => {
    const res = await run.reserve('p-1', { locations: [{ id: 'L2', reservations: [{ sku: 'S1', quantity: 6 }, { sku: 'S3', quantity: 1 }] }] });
    expect(res.body).toEqual({
      reservationTime: '2026-03-02T09:00:00.000Z',
      success: false,
      locations: [{ id: 'L2', errors: [{ sku: 'S3', errorCode: 'InsufficientQuantity' }], details: [{ sku: 'S1', quantity: 4 }] }],
    });
    expect(await run.location('L2', 'S1')).toMatchObject({ reserved: 4, ato: 0 });
  });

  it('not partial: a short line is an error and holds nothing; other lines still apply', async () => {
    const res = await run.reserve('np-1', {
      allowPartialReservations: false,
      reservationTime: '2026-03-02T09:00:00Z',
      expirationSeconds: 300,
      groups: [at('G', 'S1', 20)],
      locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 2 }, { sku: 'S3', quantity: 5 }] }],
    });
    expect(res.body).toEqual({
      reservationTime: '2026-03-02T09:00:00Z',
      expirationTime: '2026-03-02T09:05:00.000Z',
      success: false,
      groups: [{ id: 'G', errors: [{ sku: 'S1', errorCode: 'InsufficientQuantity' }] }],
      locations: [{ id: 'L1', errors: [{ sku: 'S3', errorCode: 'InsufficientQuantity' }], details: [{ sku: 'S1', quantity: 2 }] }],
    });
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 2, groupReserved: 0 });
  });

  it('reserves against ATO (futures count) unless fulfillOnly, which takes ATF only', async () => {
    // S2 at L1: onHand 3, safety 1, futures 5 → ATF 2, ATO 7.
    const onlyStock = await run.reserve('f-1', { fulfillOnly: true, allowPartialReservations: false, locations: [at('L1', 'S2', 3)] });
    expect(onlyStock.body).toMatchObject({ success: false, locations: [{ errors: [{ sku: 'S2' }] }] });
    const withFutures = await run.reserve('f-2', { allowPartialReservations: false, locations: [at('L1', 'S2', 7)] });
    expect(withFutures.body).toMatchObject({ success: true, locations: [{ details: [{ sku: 'S2', quantity: 7 }] }] });
    expect(await run.location('L1', 'S2')).toMatchObject({ reserved: 7, atf: 0, ato: 0 });
  });

  it('an all-or-nothing set applies whole or not at all, beside the location’s plain lines', async () => {
    const refused = await run.reserve('aon-1', {
      locations: [{ id: 'L1', reservations: [at('x', 'S1', 1).reservations[0]], allOrNothingReservations: [{ id: 'set-1', reservations: [{ sku: 'S1', quantity: 2 }, { sku: 'S3', quantity: 3 }] }] }],
    });
    expect(refused.body).toMatchObject({
      success: false,
      locations: [{ id: 'L1', errors: [{ sku: 'S1', errorCode: 'InsufficientQuantity' }, { sku: 'S3', errorCode: 'InsufficientQuantity' }], details: [{ sku: 'S1', quantity: 1 }] }],
    });
    expect(await run.location('L1', 'S3')).toMatchObject({ reserved: 0 });
    const granted = await run.reserve('aon-2', { locations: [{ id: 'L1', allOrNothingReservations: [{ id: 'set-2', reservations: [{ sku: 'S1', quantity: 2 }, { sku: 'S3', quantity: 2 }] }] }] });
    expect(granted.body).toMatchObject({ success: true, locations: [{ details: [{ sku: 'S1', quantity: 2 }, { sku: 'S3', quantity: 2 }] }] });
  });

  it('an unknown place anywhere is a 400 and nothing is reserved', async () => {
    const res = await run.reserve('u-1', { groups: [at('G', 'S1', 1)], locations: [at('L1', 'S1', 1), at('nowhere', 'S1', 1)] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'about:blank', errorCode: 'LocationDoesNotExist', message: "No location exists with ID 'nowhere'", location: 'nowhere' });
    const group = await run.reserve('u-2', { groups: [at('Nowhere', 'S1', 1)] });
    expect(group.body).toMatchObject({ errorCode: 'GroupDoesNotExist', group: 'Nowhere' });
    expect(await run.reserve('u-3', {})).toMatchObject({ status: 400, body: { errorCode: 'InvalidRequest', message: 'No location or groups provided.' } });
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 0 });
    // The refused ids were never used.
    expect((await run.reserve('u-1', { locations: [at('L1', 'S1', 1)] })).body).toMatchObject({ success: true });
  });
});

describe('the reservation id', () => {
  it('the same request again answers the same and reserves nothing more; another body is a 409', async () => {
    const body = { locations: [at('L1', 'S1', 3)] };
    const first = await run.reserve('same-1', body);
    await run.emulator.clock.advance(5_000);
    const again = await run.reserve('same-1', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await run.location('L1', 'S1')).toMatchObject({ reserved: 3 });
    const other = await run.reserve('same-1', { locations: [at('L1', 'S1', 4)] });
    expect(other).toMatchObject({ status: 409, body: { type: 'about:blank', errorCode: 'EntityExists' } });
  });

  it('cancel: 204, then 409 ReservationCancelled; the id cannot be reserved again; an unknown id is 404', async () => {
    const body = { groups: [at('G', 'S1', 12)] };
    await run.reserve('c-1', body);
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 12 });
    expect((await run.cancel('c-1')).status).toBe(204);
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 0, ato: 14 });
    expect(await run.cancel('c-1')).toMatchObject({ status: 409, body: { errorCode: 'ReservationCancelled' } });
    expect(await run.reserve('c-1', body)).toMatchObject({ status: 409, body: { errorCode: 'ReservationCancelled' } });
    expect(await run.cancel('never')).toMatchObject({ status: 404, body: { errorCode: 'EntityNotFound', message: 'Reservation ID does not exist.' } });
    const bad = await run.http.patch('/inventory/reservation/v1/organizations/8c5e2d14-7b3a-4f61-9d2e-0c1e00000001/reservation-documents/c-1').set(run.auth()).send({ status: 'OPEN' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorCode: 'InvalidRequestParameter', parameterName: 'status' });
  });
});

describe('expiry', () => {
  it('releases at reservationTime + expirationSeconds + the lag, on the emulator clock', async () => {
    await run.reserve('e-1', { expirationSeconds: 60, groups: [at('G', 'S1', 5)], locations: [at('L2', 'S1', 2)] });
    await run.emulator.clock.advance(60_000);
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 7 });
    await run.emulator.clock.advance(12_000);
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 0, groupReserved: 0 });
    expect(await run.location('L2', 'S1')).toMatchObject({ reserved: 0 });
    expect(await run.cancel('e-1')).toMatchObject({ status: 409, body: { errorCode: 'ReservationInvalidState', message: 'Reservation is in a CLOSED state.' } });
    const events = await run.http.get('/__emulator/journal?type=oci.reservation.expired');
    expect(events.body.entries ?? events.body).toHaveLength(1);
  });

  it('a document without expirationSeconds never expires; one cancelled first never expires either', async () => {
    await run.reserve('keep', { locations: [at('L1', 'S1', 1)] });
    await run.reserve('gone', { expirationSeconds: 1, locations: [at('L1', 'S1', 2)] });
    await run.cancel('gone');
    await run.emulator.clock.advance(30 * 24 * 3_600_000);
    await run.refresh();
    expect(await run.location('L1', 'S1')).toMatchObject({ reserved: 1 });
  });
});
