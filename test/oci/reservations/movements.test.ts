import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReservations, type ReservationRun } from './helpers.js';

// Releases, transfers and fulfillments: record by record, taken from the documents that hold the stock.

let run: ReservationRun;
beforeEach(async () => {
  run = await startReservations();
  await run.world({
    groups: { G: ['L1', 'L2'], H: ['L3'] },
    stock: { S1: { L1: 10, L2: 10, L3: 10 }, S2: { L2: { onHand: 8, effectiveDate: '2026-03-02T08:00:00Z' } } },
  });
});
afterEach(async () => {
  await run.close();
});

describe('releases', () => {
  it('release what is reserved at a location or a group; more than that is refused per record with quantity 0', async () => {
    await run.reserve('d-1', { groups: [{ id: 'G', reservations: [{ sku: 'S1', quantity: 6 }] }], locations: [{ id: 'L3', reservations: [{ sku: 'S1', quantity: 4 }] }] });
    const res = await run.post('releases', {
      records: [
        { id: 'r-1', externalRefId: 'ext-1', location: 'L3', sku: 'S1', quantity: 3 },
        { id: 'r-2', group: 'G', sku: 'S1', quantity: 2 },
        { id: 'r-3', externalRefId: 'ext-3', location: 'L3', sku: 'S1', quantity: 5 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errors: [{ details: { id: 'r-3', externalRefId: 'ext-3', location: 'L3', sku: 'S1', quantity: 0 }, message: 'Insufficient Quantity', errorCode: 'InsufficientQuantity' }],
    });
    expect(await run.location('L3', 'S1')).toMatchObject({ reserved: 1 });
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 4, groupReserved: 4 });
    // What the document still holds is what a cancel gives back.
    expect((await run.cancel('d-1')).status).toBe(204);
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 0 });
    expect(await run.location('L3', 'S1')).toMatchObject({ reserved: 0 });
  });

  it('a record id applied once is not applied again; a location and a group on one record is a 400', async () => {
    await run.reserve('d-1', { locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 5 }] }] });
    const record = { id: 'r-1', location: 'L1', sku: 'S1', quantity: 2 };
    expect((await run.post('releases', { records: [record] })).status).toBe(204);
    expect((await run.post('releases', { records: [record] })).status).toBe(204);
    expect(await run.location('L1', 'S1')).toMatchObject({ reserved: 3 });
    const both = await run.post('releases', { records: [{ id: 'r-2', location: 'L1', group: 'G', sku: 'S1', quantity: 1 }] });
    expect(both).toMatchObject({
      status: 400,
      body: { errorCode: 'InvalidRequestParameter', message: 'User provided locationId AND groupId.  You can only provide one or the other, not both in a single record.' },
    });
    const unknown = await run.post('releases', { records: [{ id: 'r-3', location: 'L1', sku: 'S1', quantity: 1 }, { id: 'r-4', group: 'Nope', sku: 'S1', quantity: 1 }] });
    expect(unknown).toMatchObject({ status: 400, body: { errorCode: 'GroupDoesNotExist', group: 'Nope' } });
    expect(await run.location('L1', 'S1')).toMatchObject({ reserved: 3 });
  });
});

describe('transfers', () => {
  it('location → location moves reserved stock; the destination must have it unless the check is ignored', async () => {
    await run.reserve('d-1', { locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 8 }] }] });
    await run.reserve('d-2', { locations: [{ id: 'L3', reservations: [{ sku: 'S1', quantity: 9 }] }] });
    const res = await run.post('transfers', {
      records: [
        { id: 't-1', from: { location: 'L1' }, to: { location: 'L2' }, sku: 'S1', quantity: 5 },
        { id: 't-2', externalRefId: 'x', from: { location: 'L1' }, to: { location: 'L3' }, sku: 'S1', quantity: 2 },
        { id: 't-3', from: { location: 'L1' }, to: { location: 'L3' }, sku: 'S1', quantity: 2, ignoreAvailabilityCheck: true },
      ],
    });
    expect(res.body).toEqual({
      errors: [
        {
          details: { id: 't-2', externalRefId: 'x', from: { location: 'L1' }, to: { location: 'L3' }, sku: 'S1', quantity: 2 },
          message: 'Insufficient Quantity',
          errorCode: 'InsufficientQuantity',
        },
      ],
    });
    expect(await run.location('L1', 'S1')).toMatchObject({ reserved: 1 });
    expect(await run.location('L2', 'S1')).toMatchObject({ reserved: 5 });
    expect(await run.location('L3', 'S1')).toMatchObject({ reserved: 11, ato: 0 });
    // d-1 now holds 1 at L1, 5 at L2 and 2 at L3: cancelling it frees exactly those.
    await run.cancel('d-1');
    expect(await run.location('L1', 'S1')).toMatchObject({ reserved: 0 });
    expect(await run.location('L2', 'S1')).toMatchObject({ reserved: 0 });
    expect(await run.location('L3', 'S1')).toMatchObject({ reserved: 9 });
  });

  it('location → group holds at the group; group → a location outside it is refused per record', async () => {
    await run.reserve('d-1', { locations: [{ id: 'L3', reservations: [{ sku: 'S1', quantity: 4 }] }] });
    expect((await run.post('transfers', { records: [{ id: 't-1', from: { location: 'L3' }, to: { group: 'G' }, sku: 'S1', quantity: 4 }] })).status).toBe(204);
    expect(await run.location('L3', 'S1')).toMatchObject({ reserved: 0 });
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 4, groupReserved: 4 });
    const outside = await run.post('transfers', { records: [{ id: 't-2', from: { group: 'G' }, to: { location: 'L3' }, sku: 'S1', quantity: 1 }] });
    expect(outside.body).toMatchObject({ errors: [{ errorCode: 'LocationNotInGroup' }] });
  });

  it('refuses group → group, forced location → group and an all-or-nothing batch of other kinds, applying nothing', async () => {
    await run.reserve('d-1', { groups: [{ id: 'G', reservations: [{ sku: 'S1', quantity: 3 }] }] });
    const cases: [unknown, string][] = [
      [{ records: [{ id: 'a', from: { group: 'G' }, to: { group: 'H' }, sku: 'S1', quantity: 1 }] }, 'Group to Group Transfers are not permitted.'],
      [{ records: [{ id: 'b', from: { location: 'L1' }, to: { group: 'G' }, sku: 'S1', quantity: 1, ignoreAvailabilityCheck: true }] }, 'Forcing a reservation cannot be done from a location to a group'],
      [
        { allOrNothingTransferId: 'aon-1', records: [{ id: 'c', from: { group: 'G' }, to: { location: 'L1' }, sku: 'S1', quantity: 1 }, { id: 'd', from: { location: 'L1' }, to: { location: 'L2' }, sku: 'S1', quantity: 1 }] },
        'All or nothing transfers are only allowed from Group to Location transfer types. Invalid transfer type for request',
      ],
    ];
    for (const [body, message] of cases) {
      expect(await run.post('transfers', body)).toMatchObject({ status: 400, body: { type: 'about:blank', errorCode: 'InvalidRequestParameter', message } });
    }
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 3, groupReserved: 3 });
  });

  it('an all-or-nothing transfer with one short record applies none of them', async () => {
    await run.reserve('d-1', { groups: [{ id: 'G', reservations: [{ sku: 'S1', quantity: 3 }] }] });
    const res = await run.post('transfers', {
      allOrNothingTransferId: 'aon-2',
      records: [
        { id: 'ok', from: { group: 'G' }, to: { location: 'L1' }, sku: 'S1', quantity: 2 },
        { id: 'short', from: { group: 'G' }, to: { location: 'L2' }, sku: 'S1', quantity: 2 },
      ],
    });
    expect(res.body).toMatchObject({ errors: [{ details: { id: 'short' }, errorCode: 'InsufficientQuantity' }] });
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 3, groupReserved: 3 });
    expect(await run.location('L1', 'S1')).toMatchObject({ reserved: 0 });
  });
});

describe('fulfillments', () => {
  it('take from reserved and onHand; a fulfillment before the record’s effectiveDate leaves onHand alone', async () => {
    await run.reserve('d-1', { locations: [{ id: 'L2', reservations: [{ sku: 'S2', quantity: 4 }] }] });
    const res = await run.post('fulfillments', {
      records: [
        { id: 'f-1', location: 'L2', sku: 'S2', quantity: 1, fulfillmentTime: '2026-03-02T07:00:00Z' },
        { id: 'f-2', location: 'L2', sku: 'S2', quantity: 1, fulfillmentTime: '2026-03-02T08:30:00Z' },
        { id: 'f-3', location: 'L2', sku: 'S2', quantity: 1 },
      ],
    });
    expect(res.status).toBe(204);
    expect(await run.location('L2', 'S2')).toMatchObject({ onHand: 6, reserved: 1, ato: 5 });
  });

  it('an unknown location or more than reserved fails its record; a missing field is MissingParameter', async () => {
    await run.reserve('d-1', { locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 1 }] }] });
    const res = await run.post('fulfillments', {
      records: [
        { id: 'f-1', externalRefId: 'e', location: 'warehouse9', sku: 'S1', quantity: 1 },
        { id: 'f-2', location: 'L1', sku: 'S1', quantity: 2 },
      ],
    });
    expect(res.body).toEqual({
      errors: [
        { details: { id: 'f-1', externalRefId: 'e', location: 'warehouse9', sku: 'S1', quantity: 1 }, message: 'Failed to fulfill, invalid location provided.', errorCode: 'err751' },
        { details: { id: 'f-2', location: 'L1', sku: 'S1', quantity: 2 }, message: 'Insufficient Quantity', errorCode: 'InsufficientQuantity' },
      ],
    });
    expect(await run.post('fulfillments', { records: [{ id: 'f-3', location: 'L1', sku: 'S1' }] })).toMatchObject({
      status: 400,
      body: { type: 'about:blank', errorCode: 'MissingParameter', message: "The field 'quantity' is missing from the request body." },
    });
    expect(await run.location('L1', 'S1')).toMatchObject({ onHand: 10, reserved: 1 });
  });
});
