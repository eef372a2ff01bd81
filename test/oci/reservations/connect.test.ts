import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgToken } from '../../salesforce-org/helpers.js';
import { startReservations, type ReservationRun } from './helpers.js';

// The org's Connect reservation actions on the same engine as the Commerce API.

let run: ReservationRun;
let org: string;
beforeAll(async () => {
  run = await startReservations();
  await run.world({ groups: { G: ['L1', 'L2'] }, stock: { S1: { L1: 10, L2: 10 }, S2: { L1: 3 } } });
  org = await orgToken(run);
});
afterAll(() => run.close());

const act = (name: string, body: unknown, version = 'v62.0', token = org) =>
  run.http.post(`/services/data/${version}/commerce/oci/reservation/actions/${name}`).set('Authorization', `Bearer ${token}`).send(body as object);

describe('Connect reservation actions', () => {
  it('reservations: actionRequestId becomes the reservation id; 201 with details per line and errors', async () => {
    const res = await act('reservations', {
      actionRequestId: 'c-doc-1',
      allowPartialReservations: false,
      expirationSeconds: 600,
      createRecords: [
        { locationGroupIdentifier: 'G', quantity: 4, stockKeepingUnit: 'S1' },
        { locationIdentifier: 'L1', quantity: 2, stockKeepingUnit: 'S1' },
        { locationIdentifier: 'L1', quantity: 5, stockKeepingUnit: 'S2' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      details: [
        { locationGroupIdentifier: 'G', quantity: 4, stockKeepingUnit: 'S1' },
        { locationIdentifier: 'L1', quantity: 2, stockKeepingUnit: 'S1' },
        { errorCode: 'InsufficientQuantity', locationIdentifier: 'L1', quantity: 0, stockKeepingUnit: 'S2' },
      ],
      errors: [{ errorCode: 'InsufficientQuantity', message: 'Insufficient quantity of S2 at L1.' }],
      expirationTime: '2026-03-02T09:10:00.000Z',
      reservationTime: '2026-03-02T09:00:00.000Z',
      success: false,
    });
    // The Commerce API sees the same document: cancelling it there frees everything.
    expect(await run.group('G', 'S1')).toMatchObject({ reserved: 6, groupReserved: 4 });
  });

  it('transfers, fulfillments and releases by record, reservationId naming the document (58.0+)', async () => {
    await act('reservations', { actionRequestId: 'c-doc-2', createRecords: [{ locationGroupIdentifier: 'G', quantity: 3, stockKeepingUnit: 'S1' }] });
    const moved = await act('transfers', {
      transferRecords: [{ actionRequestId: 'ct-1', fromLocationGroupIdentifier: 'G', toLocationIdentifier: 'L2', quantity: 2, reservationId: 'c-doc-2', stockKeepingUnit: 'S1' }],
    });
    expect(moved.body).toEqual({ errors: [], success: true });
    const shipped = await act('fulfillments', { reservationId: 'c-doc-2', fulfillmentRecords: [{ actionRequestId: 'cf-1', locationIdentifier: 'L2', quantity: 2, stockKeepingUnit: 'S1' }] });
    expect(shipped.body).toEqual({ errors: [], success: true });
    const released = await act('releases', {
      releaseRecords: [
        { actionRequestId: 'cr-1', locationGroupIdentifier: 'G', quantity: 1, reservationId: 'c-doc-2', stockKeepingUnit: 'S1' },
        { actionRequestId: 'cr-2', externalRefId: 'x', locationGroupIdentifier: 'G', quantity: 1, reservationId: 'c-doc-2', stockKeepingUnit: 'S1' },
      ],
    });
    expect(released.body).toEqual({
      errors: [
        {
          details: { actionRequestId: 'cr-2', externalRefId: 'x', locationGroupIdentifier: 'G', quantity: 1, stockKeepingUnit: 'S1' },
          errorCode: 'InsufficientQuantity',
          message: 'Insufficient Quantity',
        },
      ],
      success: false,
    });
    expect(await run.location('L2', 'S1')).toMatchObject({ onHand: 8 });
  });

  it('update (61.0): sets a line’s quantity, adds lines, and answers the same to the same actionRequestId', async () => {
    await act('reservations', { actionRequestId: 'c-doc-3', createRecords: [{ locationIdentifier: 'L2', quantity: 2, stockKeepingUnit: 'S1' }] });
    const body = {
      actionRequestId: 'cu-1',
      reservationId: 'c-doc-3',
      updateRecords: [
        { locationIdentifier: 'L2', quantity: 1, stockKeepingUnit: 'S1' },
        { locationIdentifier: 'L1', quantity: 1, stockKeepingUnit: 'S1' },
      ],
    };
    const first = await act('update', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      details: [
        { locationIdentifier: 'L2', quantity: 1, stockKeepingUnit: 'S1' },
        { locationIdentifier: 'L1', quantity: 1, stockKeepingUnit: 'S1' },
      ],
      errors: [],
      success: true,
    });
    expect((await act('update', body)).body).toEqual(first.body);
    expect(await run.location('L2', 'S1')).toMatchObject({ reserved: 1 });
    expect((await act('update', body, 'v60.0')).status).toBe(404);
  });

  it('refuses what Connect refuses, in the Salesforce REST error shape', async () => {
    const cases: [string, unknown, number, string][] = [
      ['reservations', { actionRequestId: 'x', createRecords: [] }, 400, 'INVALID_INPUT'],
      ['reservations', { actionRequestId: 'x', createRecords: [{ locationIdentifier: 'L1', locationGroupIdentifier: 'G', quantity: 1, stockKeepingUnit: 'S1' }] }, 400, 'INVALID_INPUT'],
      ['reservations', { actionRequestId: 'x', createRecords: [{ locationIdentifier: 'L9', quantity: 1, stockKeepingUnit: 'S1' }] }, 400, 'LocationDoesNotExist'],
      ['releases', { releaseRecords: Array.from({ length: 101 }, (_, i) => ({ actionRequestId: `r${i}`, locationIdentifier: 'L1', quantity: 1, stockKeepingUnit: 'S1' })) }, 400, 'INVALID_INPUT'],
      ['transfers', { transferRecords: [{ actionRequestId: 't', fromLocationGroupIdentifier: 'G', toLocationGroupIdentifier: 'G', quantity: 1, stockKeepingUnit: 'S1' }] }, 400, 'InvalidRequestParameter'],
      ['update', { actionRequestId: 'u', reservationId: 'never', updateRecords: [{ locationIdentifier: 'L1', quantity: 1, stockKeepingUnit: 'S1' }] }, 404, 'EntityNotFound'],
    ];
    for (const [name, body, status, errorCode] of cases) {
      const res = await act(name, body);
      expect(res.status, `${name} ${JSON.stringify(body)}: ${res.text}`).toBe(status);
      expect(res.body[0]).toMatchObject({ errorCode });
    }
    expect((await act('reservations', { actionRequestId: 'x', createRecords: [] }, 'v62.0', 'garbage')).status).toBe(401);
    expect((await run.http.get('/services/data/v62.0/commerce/oci/reservation/actions/reservations').set('Authorization', `Bearer ${org}`)).status).toBe(405);
  });
});
