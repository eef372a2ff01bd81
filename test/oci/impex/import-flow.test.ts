import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gz, IMPORTS, ndjson, startImpex, type ImpexRun } from './helpers.js';

let run: ImpexRun;
beforeAll(async () => {
  run = await startImpex();
});
afterAll(() => run.close());

const rec = (recordId: string, sku: string, extra: Record<string, unknown> = {}) => ({ recordId, sku, locationId: 'surprise', ...extra });

describe('availability import flow', () => {
  it('initiate → upload → status → result, and the records change', async () => {
    const { importId, status, result } = await run.importFile(ndjson(rec('r-1', 'imp-1', { onHand: 10, safetyStockCount: 1 }), rec('r-2', 'imp-2', { onHand: 5 })));
    expect(status).toMatchObject({ importId, status: 'COMPLETED', validation: { status: 'Success', errors: [] }, import: { recordsReadCount: 2, recordsProcessedCount: 2, recordsSkippedCount: 0 } });
    expect(result).toEqual([{ status: 'COMPLETED_WITHOUT_ERRORS' }]);
    const body = await run.availability({ skus: ['imp-1', 'imp-2'], locations: ['surprise'] });
    expect(body).toMatchObject({ locations: [{ id: 'surprise', records: [{ sku: 'imp-1', onHand: 10, safetyStockCount: 1, atf: 9 }, { sku: 'imp-2', onHand: 5 }] }] });
  });

  it('accepts the NDJSON as a text field, gzip when declared, and the legacy layout', async () => {
    const job = await run.initiate({ fileName: 'text.json' });
    expect((await run.upload(job.uploadLink, ndjson(rec('t-1', 'txt-1', { onHand: 3 })), { asText: true })).status).toBe(200);
    expect((await run.settle(job.importId)).status).toBe('COMPLETED');
    const zipped = await run.importFile(gz(ndjson(rec('g-1', 'gz-1', { onHand: 4 }))), { fileName: 'x.json.gz', fileEncoding: 'GZIP' });
    expect(zipped.status.status).toBe('COMPLETED');
    const legacy = await run.importFile(ndjson({ location: 'wickenburg', mode: 'UPDATE' }, { recordId: 'l-1', sku: 'leg-1', onHand: 7 }));
    expect(legacy.result).toEqual([{ status: 'COMPLETED_WITHOUT_ERRORS' }]);
    expect(await run.availability({ skus: ['txt-1', 'gz-1'], locations: ['surprise'] })).toMatchObject({ locations: [{ records: [{ sku: 'txt-1', onHand: 3 }, { sku: 'gz-1', onHand: 4 }] }] });
  });

  it('a bad line fails that record; an undeclared gzip fails validation; a reused link is refused', async () => {
    const partial = await run.importFile(ndjson(rec('b-1', 'ok-1', { onHand: 1 }), rec('b-2', 'bad sku', { onHand: 1 }), rec('b-3', 'neg-1', { onHand: -1 }), 'not json'));
    expect(partial.status.import).toMatchObject({ recordsReadCount: 4, recordsProcessedCount: 1, recordsSkippedCount: 3 });
    expect(partial.result[0]).toEqual({ status: 'COMPLETED_WITH_PARTIAL_FAILURES' });
    expect(partial.result.slice(1).map((l) => l.message)).toEqual([
      "'sku' Invalid characters in sku: bad sku",
      "'onHand' quantity must be a positive value",
      expect.stringContaining('Line 4: The line is not valid JSON'),
    ]);
    const job = await run.initiate({ fileName: 'undeclared.gz' });
    expect((await run.upload(job.uploadLink, gz(ndjson(rec('u-1', 'u-1'))))).status).toBe(200);
    const failed = await run.settle(job.importId);
    expect(failed).toMatchObject({ status: 'FAILED', validation: { status: 'Failed', errors: ['File is in GZIP format where the encoding type was not specified as GZIP'] } });
    const again = await run.upload(job.uploadLink, ndjson(rec('u-2', 'u-2')));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ type: 'about:blank', errorCode: 'FileAlreadyReceived', message: 'The file for this uploadLink has already been received.' });
    const list = await run.http.get(IMPORTS).set(run.auth());
    expect(list.body.imports).toContain(job.importId);
  });
});
