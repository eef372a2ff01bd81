import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../helpers/emulator.js';
import { orgToken } from '../salesforce-org/helpers.js';
import { IMPEX, startImpex, type ImpexRun } from './impex/helpers.js';

// Ids named like Object.prototype's members are ids like any other, in impex and in the org's Connect resources:
// an export of group `constructor`, an imported record or a Connect record at location `toString`, a graph upload
// `__proto__` name nothing that exists (found by the fuzz suite, test/fuzz).

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const CONNECT = '/services/data/v62.0/commerce/oci';
let run: ImpexRun;
let org: string;
beforeAll(async () => {
  run = await startImpex({ fixtures: 'demo' });
  run.token = await tokenFor(run.http);
  org = await orgToken(run);
});
afterAll(() => run.close());

const post = (path: string, body: unknown, token = run.token) => run.http.post(path).set('Authorization', `Bearer ${token}`).send(body as object);
const get = (path: string, token = run.token) => run.http.get(path).set('Authorization', `Bearer ${token}`);

describe.each(NAMES)('an id named %s', (name) => {
  it('is no group or location to an impex export', async () => {
    const cases: [string, unknown, string][] = [
      ['availability-records', { objects: { groups: [name] } }, 'GroupDoesNotExist'],
      ['availability-records', { objects: { locations: [name] } }, 'LocationDoesNotExist'],
      ['event-log', { sku: 'SKU-0001', startsOn: '2026-03-01T00:00:00Z', groups: [name] }, 'GroupDoesNotExist'],
      ['event-log', { sku: 'SKU-0001', startsOn: '2026-03-01T00:00:00Z', locations: [name] }, 'LocationDoesNotExist'],
      ['product-segmentation', { groups: [name] }, 'InvalidRequestParameter'],
    ];
    for (const [kind, body, errorCode] of cases) {
      const res = await post(`${IMPEX}/${kind}/exports`, body);
      expect(res.status, `${kind} ${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(res.body.errorCode).toBe(errorCode);
    }
  });

  it('is an unknown location in an imported file', async () => {
    const line = JSON.stringify({ recordId: `proto-${name}`, sku: 'SKU-0001', locationId: name, onHand: 3 });
    const { status, result } = await run.importFile(`${line}\n`);
    expect(status.import.recordsProcessedCount).toBe(0);
    expect(result).toContainEqual(expect.objectContaining({ locationId: name }));
  });

  it('is an unknown place to the Connect availability resources, and no graph upload', async () => {
    const update = await post(`${CONNECT}/availability-records/actions/batch-update`, { records: [{ actionRequestId: `a-${name}`, locationIdentifier: name, stockKeepingUnit: 'SKU-0001', onHand: 1 }] }, org);
    expect(update.status).toBe(201);
    expect(update.body.errors).toEqual([expect.objectContaining({ errorCode: 'LocationDoesNotExist', locationIdentifier: name })]);
    const excluded = await post(`${CONNECT}/availability-records/actions/batch-update`, { records: [{ actionRequestId: `b-${name}`, locationIdentifier: 'WH-EAST', stockKeepingUnit: 'SKU-0001', attributeSet: { groupEligibilityExclusion: [name] } }] }, org);
    expect(excluded.body.errors).toEqual([expect.objectContaining({ errorCode: 'GroupDoesNotExist' })]);
    for (const body of [{ locationGroupIdentifier: name, stockKeepingUnits: ['SKU-0001'] }, { locationIdentifiers: [name], stockKeepingUnits: ['SKU-0001'] }]) {
      const res = await post(`${CONNECT}/availability/availability-records/actions/get-availability`, body, org);
      expect(res.status, res.text).toBe(400);
      expect(res.body[0].errorCode).toMatch(/DoesNotExist$/);
    }
    expect((await get(`${CONNECT}/location-graph/uploads/${name}`, org)).status).toBe(404);
  });
});
