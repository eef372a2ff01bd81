import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineKind, LineScan, scanImportLine } from '../../emulator/oci/impex/import-engine/import-line.js';
import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { orgToken } from '../salesforce-org/helpers.js';
import { ndjson, startImpex } from './impex/helpers.js';

// Every time input of the OCI APIs and of the org's Connect actions against hostile values: each is a 400 in its
// API's dialect naming the field, never a 5xx, and the emulator keeps serving. Import lines, which fail per line
// rather than per request, are checked line by line and through a whole import.

const AVAILABILITY = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const RESERVATION = `/inventory/reservation/v1/organizations/${TENANT_GROUP}`;
const IMPEX = `/inventory/impex/v1/organizations/${TENANT_GROUP}`;
const GOOD_TIME = '2026-03-02T09:00:00Z';

const HOSTILE: [string, unknown][] = [
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['"NaN"', 'NaN'],
  ['"+275760-09-13T00:00:00Z"', '+275760-09-13T00:00:00Z'],
  ['"2026-13-99T99:99:99Z"', '2026-13-99T99:99:99Z'],
  ['"2026-02-30T00:00:00Z"', '2026-02-30T00:00:00Z'],
  ['"2026-03-02T24:00:00Z"', '2026-03-02T24:00:00Z'],
  ['"2026-03-02"', '2026-03-02'],
  ['""', ''],
  ['null', null],
  ['epoch ms as a number', 1_772_442_000_000],
  ['true', true],
  ['{}', {}],
  ['10 000 characters', 'x'.repeat(10_000)],
  ['a 10 000-digit fraction', `2026-03-02T09:00:00.${'1'.repeat(10_000)}Z`],
];

let run: Running;
let token: string;
let org: string;
let n = 0;
beforeAll(async () => {
  run = await startEmulator({ fixtures: 'demo' });
  token = await tokenFor(run.http);
  org = await orgToken(run);
  // On a SKU nothing else here fulfills, so the document stays open for the update.
  const made = await connect('reservation/actions/reservations', connectCreate({ actionRequestId: 'to-update', createRecords: [{ locationIdentifier: 'WH-EAST', quantity: 1, stockKeepingUnit: 'SKU-0002' }] }));
  if (made.status !== 201) throw new Error(`setup: ${made.status} ${made.text}`);
});
afterAll(() => run.close());

type Dialect = 'oci' | 'connect';
interface Field {
  name: string;
  dialect: Dialect;
  /** OCI: the parameterName of the error; Connect: what the message names. */
  names: string;
  /** A field where null means "leave out" or "clear", as documented. */
  nullOk?: boolean;
  send(value: unknown): Promise<{ status: number; body: unknown }>;
}

const commerce = (method: 'post' | 'put', path: string, body: unknown) => run.http[method](path).set('Authorization', `Bearer ${token}`).send(body as object);
const connect = (path: string, body: unknown) =>
  run.http.post(`/services/data/v62.0/commerce/oci/${path}`).set('Authorization', `Bearer ${org}`).send(body as object);
const line = { sku: 'SKU-0001', quantity: 1 };
const record = (extra: Record<string, unknown>) => ({ records: [{ id: `r-${++n}`, location: 'WH-EAST', sku: 'SKU-0001', onHand: 5, ...extra }] });
const recordPath = () => `${AVAILABILITY}/locations/WH-EAST/availability-records/skus/SKU-0001/put-${++n}`;
const connectRecord = (extra: Record<string, unknown>) => ({
  records: [{ actionRequestId: `c-${++n}`, locationIdentifier: 'WH-EAST', stockKeepingUnit: 'SKU-0001', onHand: 5, ...extra }],
});
const connectCreate = (extra: Record<string, unknown>) => ({
  actionRequestId: `cc-${++n}`,
  createRecords: [{ locationIdentifier: 'WH-EAST', quantity: 1, stockKeepingUnit: 'SKU-0001' }],
  ...extra,
});

const FIELDS: Field[] = [
  { name: 'reservation PUT reservationTime', dialect: 'oci', names: 'reservationTime', send: (v) => commerce('put', `${RESERVATION}/reservation-documents/doc-${++n}`, { reservationTime: v, locations: [{ id: 'WH-EAST', reservations: [line] }] }) },
  { name: 'reservation PUT expirationSeconds', dialect: 'oci', names: 'expirationSeconds', send: (v) => commerce('put', `${RESERVATION}/reservation-documents/doc-${++n}`, { expirationSeconds: v, locations: [{ id: 'WH-EAST', reservations: [line] }] }) },
  { name: 'fulfillments fulfillmentTime', dialect: 'oci', names: 'records[0].fulfillmentTime', send: (v) => commerce('post', `${RESERVATION}/fulfillments`, { records: [{ id: `f-${++n}`, location: 'WH-EAST', sku: 'SKU-0001', quantity: 1, fulfillmentTime: v }] }) },
  { name: 'batch-update effectiveDate', dialect: 'oci', names: 'records[0].effectiveDate', send: (v) => commerce('post', `${AVAILABILITY}/availability-records/actions/batch-update`, record({ effectiveDate: v })) },
  { name: 'batch-update futureStock expectedDate', dialect: 'oci', names: 'records[0].futureStock[0].expectedDate', send: (v) => commerce('post', `${AVAILABILITY}/availability-records/actions/batch-update`, record({ futureStock: [{ quantity: 1, expectedDate: v }] })) },
  { name: 'record PUT effectiveDate', dialect: 'oci', names: 'effectiveDate', send: (v) => commerce('put', recordPath(), { onHand: 1, safetyStockCount: 0, effectiveDate: v }) },
  { name: 'record PUT futureStock expectedDate', dialect: 'oci', names: 'futureStock[0].expectedDate', send: (v) => commerce('put', recordPath(), { onHand: 1, safetyStockCount: 0, futureStock: [{ quantity: 1, expectedDate: v }] }) },
  { name: 'event-log export startsOn', dialect: 'oci', names: 'startsOn', send: (v) => commerce('post', `${IMPEX}/event-log/exports`, { sku: 'SKU-0001', startsOn: v }) },
  { name: 'event-log export endsOn', dialect: 'oci', names: 'endsOn', nullOk: true, send: (v) => commerce('post', `${IMPEX}/event-log/exports`, { sku: 'SKU-0001', startsOn: '2026-03-01T00:00:00Z', endsOn: v }) },
  { name: 'reservations export fromDate', dialect: 'oci', names: 'fromDate', send: (v) => commerce('post', `${IMPEX}/reservations/exports`, { status: 'open', fromDate: v }) },
  { name: 'reservations export toDate', dialect: 'oci', names: 'toDate', nullOk: true, send: (v) => commerce('post', `${IMPEX}/reservations/exports`, { status: 'open', fromDate: '2026-03-01T00:00:00Z', toDate: v }) },
  { name: 'Connect create reservationTime', dialect: 'connect', names: 'reservationTime', send: (v) => connect('reservation/actions/reservations', connectCreate({ reservationTime: v })) },
  { name: 'Connect create expirationSeconds', dialect: 'connect', names: 'expirationSeconds', send: (v) => connect('reservation/actions/reservations', connectCreate({ expirationSeconds: v })) },
  {
    name: 'Connect update reservationTime',
    dialect: 'connect',
    names: 'reservationTime',
    send: (v) => connect('reservation/actions/update', { actionRequestId: `u-${++n}`, reservationId: 'to-update', reservationTime: v, updateRecords: [{ locationIdentifier: 'WH-EAST', quantity: 1, stockKeepingUnit: 'SKU-0002' }] }),
  },
  { name: 'Connect batch-update effectiveDate', dialect: 'connect', names: 'effectiveDate', send: (v) => connect('availability-records/actions/batch-update', connectRecord({ effectiveDate: v })) },
  { name: 'Connect batch-update futureStock expectedDate', dialect: 'connect', names: 'expectedDate', send: (v) => connect('availability-records/actions/batch-update', connectRecord({ futureStock: [{ quantity: 1, expectedDate: v }] })) },
];

describe.each(FIELDS)('$name', (field) => {
  it.each(HOSTILE)('%s → 400 in the dialect, naming the field', async (_label, value) => {
    const res = await field.send(value);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(500);
    if (value === null && field.nullOk) return;
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
    const text = JSON.stringify(res.body);
    expect(text.length).toBeLessThan(1000);
    if (field.dialect === 'oci') {
      expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequestParameter', parameterName: field.names });
    } else {
      expect(res.body).toEqual([{ errorCode: expect.any(String), message: expect.stringContaining(field.names) }]);
    }
  });

  it('a good value is accepted', async () => {
    const good = field.names.endsWith('Seconds') ? 600 : field.names === 'endsOn' ? '2026-03-02T00:00:00Z' : GOOD_TIME;
    const res = await field.send(good);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(300);
  });
});

describe('after all of it', () => {
  it('the emulator still serves', async () => {
    expect((await run.http.get('/__emulator/health')).status).toBe(200);
    const res = await commerce('post', `${AVAILABILITY}/availability-records/actions/get-availability`, { skus: ['SKU-0001'], locations: ['WH-EAST'] });
    expect(res.status).toBe(200);
  });
});

describe('import lines', () => {
  const scan = (o: Record<string, unknown>) => {
    const out = new LineScan();
    scanImportLine(JSON.stringify({ recordId: 'r', sku: 'SKU-1', ...o }), out);
    return out;
  };

  it.each(HOSTILE)('effectiveDate %s fails the line (null and "" clear it)', (_label, value) => {
    const out = scan({ effectiveDate: value });
    if (value === null || value === '') expect(out).toMatchObject({ kind: LineKind.Record, effectiveDate: null });
    else expect(out).toMatchObject({ kind: LineKind.Bad, message: expect.stringContaining("'effectiveDate'") });
  });

  it.each(HOSTILE)('futures[0].expectedDate %s fails the line', (_label, value) => {
    expect(scan({ futures: [{ quantity: 1, expectedDate: value }] })).toMatchObject({ kind: LineKind.Bad, message: expect.stringContaining("'futures[0].expectedDate'") });
  });

  it('a whole import of hostile dates completes: each bad line fails, the good line applies', async () => {
    const impex = await startImpex();
    try {
      const bad = HOSTILE.filter(([, v]) => v !== null && v !== '');
      const lines = [
        { recordId: 'good', sku: 'hostile-ok', locationId: 'surprise', onHand: 3, effectiveDate: GOOD_TIME },
        ...bad.map(([, v], i) => ({ recordId: `e-${i}`, sku: `hostile-${i}`, locationId: 'surprise', onHand: 1, effectiveDate: v })),
        ...bad.map(([, v], i) => ({ recordId: `f-${i}`, sku: `hostile-${i}`, locationId: 'surprise', onHand: 1, futures: [{ quantity: 1, expectedDate: v }] })),
      ];
      const { status, result } = await impex.importFile(ndjson(...lines));
      expect(status.status).toBe('COMPLETED');
      expect(status.import).toMatchObject({ recordsReadCount: lines.length, recordsProcessedCount: 1, recordsSkippedCount: lines.length - 1 });
      expect(result[0]).toEqual({ status: 'COMPLETED_WITH_PARTIAL_FAILURES' });
      expect(await impex.availability({ skus: ['hostile-ok'], locations: ['surprise'] })).toMatchObject({ locations: [{ records: [{ sku: 'hostile-ok', onHand: 3, effectiveDate: GOOD_TIME }] }] });
      expect((await impex.http.get('/__emulator/health')).status).toBe(200);
    } finally {
      await impex.close();
    }
  });
});
