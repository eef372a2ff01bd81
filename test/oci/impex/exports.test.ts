import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPEX, ndjson, startImpex, type ImpexRun } from './helpers.js';

let run: ImpexRun;
beforeAll(async () => {
  run = await startImpex();
});
afterAll(() => run.close());

async function settleExport(segment: string, exportId: string) {
  for (let i = 0; i < 2000; i++) {
    const res = await run.http.get(`${IMPEX}/${segment}/exports/${exportId}/status`).set(run.auth());
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
    if (!['PENDING', 'RUNNING'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('export did not finish');
}

async function download(link: string) {
  const res = await run.http.get(link).set(run.auth()).buffer(true).parse((r, cb) => {
    let data = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => (data += c));
    r.on('end', () => cb(null, data));
  });
  return { status: res.status, type: res.headers['content-type'], text: String(res.body) };
}

describe('impex exports', () => {
  it('availability by groups: group lines, group records, a delta token that seeds get-deltas', async () => {
    const init = await run.http.post(`${IMPEX}/availability-records/exports`).set(run.auth()).send({ objects: { groups: ['arizona'] } });
    expect(init.status).toBe(200);
    const status = await settleExport('availability-records', init.body.exportId);
    expect(status).toMatchObject({ id: init.body.exportId, status: 'COMPLETED', export: { recordsExportedCount: 1, groups: ['arizona'] }, validation: { fileHashType: 'SHA-256' } });
    const file = await download(status.download.downloadLink);
    const lines = file.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ groupId: 'arizona' });
    expect(lines[1]).toMatchObject({ sku: 'sku123', onHand: 77, groupReserved: 0, sharedGroupReserved: 0, safetyStockCount: 30 });
    const token = lines.at(-1).deltaToken;
    expect(typeof token).toBe('string');
    await run.importFile(ndjson({ recordId: 'x-1', sku: 'sku123', locationId: 'surprise', onHand: 30 }));
    const deltas = await run.http.post(`/inventory/availability/v1/organizations/${IMPEX.split('/').at(-1)}/availability-records/actions/get-deltas`).set(run.auth()).send({ deltaToken: token });
    expect(deltas.status).toBe(200);
    expect(deltas.body.records.map((r: { sku: string }) => r.sku)).toContain('sku123');
  });

  it('both places → 400; unknown location → LocationDoesNotExist', async () => {
    const both = await run.http.post(`${IMPEX}/availability-records/exports`).set(run.auth()).send({ objects: { groups: ['arizona'], locations: ['surprise'] } });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ errorCode: 'InvalidRequestParameter', message: 'Locations and Groups not allowed in the same request.' });
    const unknown = await run.http.post(`${IMPEX}/availability-records/exports`).set(run.auth()).send({ objects: { locations: ['abc'] } });
    expect(unknown.body).toEqual({ type: 'about:blank', errorCode: 'LocationDoesNotExist', message: "No location exists with ID 'abc'", location: 'abc' });
  });

  it('location graph, product segmentation and event log exports', async () => {
    const graph = await run.http.post(`${IMPEX}/location-graph/exports`).set(run.auth());
    const gs = await settleExport('location-graph', graph.body.exportId);
    const gfile = JSON.parse((await download(gs.download.downloadLink)).text);
    expect(gfile.locations).toContain('surprise');
    expect(gfile.groups).toContainEqual({ id: 'arizona', locations: ['surprise', 'wickenburg'] });

    const seg = await run.http.post(`${IMPEX}/product-segmentation/exports`).set(run.auth()).send({ groups: ['*'] });
    expect(seg.body.exportId).toMatch(/^pe-/);
    const ss = await settleExport('product-segmentation', seg.body.exportId);
    expect(ss.status).toBe('COMPLETED');

    await run.importFile(ndjson({ recordId: 'ev-1', sku: 'evsku', locationId: 'wickenburg', onHand: 10, futures: [{ quantity: 1, expectedDate: '2026-04-01T00:00:00Z' }] }));
    await run.importFile(ndjson({ recordId: 'ev-2', sku: 'evsku', locationId: 'wickenburg', onHand: 4 }));
    const ev = await run.http.post(`${IMPEX}/event-log/exports`).set(run.auth()).send({ sku: 'evsku', startsOn: '2026-03-01T00:00:00Z', locations: ['wickenburg', 'surprise'] });
    expect(ev.body.exportId).toMatch(/^e-/);
    const es = await settleExport('event-log', ev.body.exportId);
    const lines = (await download(es.download.downloadLink)).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ locationId: 'wickenburg' });
    expect(lines[1]).toMatchObject({ eventType: 'location_import', location: 'wickenburg', oldOnHand: 0, newOnHand: 10, newAto: 11, newAtf: 10, futureQuantity: 1 });
    expect(lines[2]).toMatchObject({ oldOnHand: 10, newOnHand: 4, oldAto: 11, newAto: 5 });
    expect(lines[3]).toEqual({ locationId: 'surprise' });
  });
});
