import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { gz, IMPEX, IMPORTS, impexEmulators, ndjson, startImpex } from './helpers.js';
import { rawUpload, recordAt } from './more-helpers.js';

// What the impex API does with every upload and file a client can get wrong: encoding, lines, layout, hash,
// link, size. A file that fails validation changes nothing; a bad line fails only that line.

const [run, held] = impexEmulators();

const OCI_ERROR = { type: 'about:blank', errorCode: expect.any(String), message: expect.any(String) };

/** Initiates, uploads and settles an availability import; answers the status and the result lines. */
async function importOf(content: string | Buffer, initiate?: Record<string, unknown>) {
  return run.importFile(content, initiate);
}

const rec = (recordId: string, sku: string, extra: Record<string, unknown> = {}) => ({ recordId, sku, locationId: 'surprise', ...extra });


describe('the upload', () => {
  it('not multipart: 415, and the link still takes the file afterwards', async () => {
    const job = await run.initiate();
    const json = await run.http.post(job.uploadLink).set(run.auth()).send({ file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body).toMatchObject(OCI_ERROR);
    const text = await run.http.post(job.uploadLink).set(run.auth()).set('Content-Type', 'application/x-ndjson').send(ndjson(rec('mp-0', 'mp-0')));
    expect(text.status).toBe(415);
    const up = await run.upload(job.uploadLink, ndjson(rec('mp-1', 'mp-1', { onHand: 1 })));
    expect(up.status).toBe(200);
    expect((await run.settle(job.importId)).status).toBe('COMPLETED');
  });

  it('a multipart body with no file in it: 400, the link stays open', async () => {
    const job = await run.initiate();
    const res = await run.http.post(job.uploadLink).set(run.auth()).field('empty', '');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(OCI_ERROR);
    const list = await run.http.get(`${IMPORTS}?available=true`).set(run.auth());
    expect(list.body.imports).toContain(job.importId);
  });

  it('a body claiming 2 GB: 413 at once, without reading it; the link stays open', async () => {
    const job = await run.initiate();
    const head = Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="fileUpload"; filename="huge.json"\r\nContent-Type: application/octet-stream\r\n\r\n{"recordId":"h-1"');
    const res = await rawUpload(
      run.url,
      job.uploadLink,
      { Authorization: `Bearer ${run.token}`, 'Content-Type': 'multipart/form-data; boundary=b0undary', 'Content-Length': '2147483648' },
      head,
      5_000,
    );
    expect(res.status).toBe(413);
    expect(res.ms).toBeLessThan(2_000);
    expect(JSON.parse(res.body)).toMatchObject({ ...OCI_ERROR, message: expect.stringMatching(/gzip/i) });
    const status = await run.http.get(`${IMPORTS}/${job.importId}/status`).set(run.auth());
    expect(status.body.status).toBe('WAITING');
    expect((await run.upload(job.uploadLink, ndjson(rec('h-2', 'huge-2', { onHand: 2 })))).status).toBe(200);
  });

  it('an upload over the cap, really sent: 413', async () => {
    const small = await startImpex({ impex: { uploadLimitBytes: 10_000 } });
    try {
      const job = await small.initiate();
      const res = await small.upload(job.uploadLink, Buffer.alloc(200_000, 0x20));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject(OCI_ERROR);
      // Nothing was received: the link still takes a file that fits.
      expect((await small.upload(job.uploadLink, ndjson(rec('cap-1', 'cap-1', { onHand: 1 })))).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  // A client that drops the connection mid-upload must not hold the link: the part being written is stopped, the
  // partial file removed, and the link takes the next upload.
  it('a client that drops the connection mid-upload leaves the link free for a new upload', async () => {
    const job = await run.initiate({ fileName: 'dropped.json' });
    const target = new URL(job.uploadLink, run.url);
    const req = httpRequest({
      method: 'POST',
      hostname: target.hostname,
      port: target.port,
      path: target.pathname,
      agent: false,
      headers: { Authorization: `Bearer ${run.token}`, 'Content-Type': 'multipart/form-data; boundary=dr0p', 'Content-Length': '50000' },
    });
    req.on('error', () => undefined);
    req.write(`--dr0p\r\nContent-Disposition: form-data; name="fileUpload"; filename="d.json"\r\n\r\n${JSON.stringify(rec('dr-1', 'dropped-1', { onHand: 1 }))}\n`);
    const available = async () => ((await run.http.get(`${IMPORTS}?available=true`).set(run.auth())).body.imports as string[]).includes(job.importId);
    for (let i = 0; i < 100 && (await available()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await available()).toBe(false); // the file is arriving
    req.destroy();
    let free = false;
    for (let i = 0; i < 50 && !free; i++) {
      await new Promise((r) => setTimeout(r, 20));
      free = await available();
    }
    const status = await run.http.get(`${IMPORTS}/${job.importId}/status`).set(run.auth());
    expect(status.body.status).toBe('WAITING');
    const retry = await run.upload(job.uploadLink, ndjson(rec('dr-2', 'dropped-2', { onHand: 2 })));
    expect(retry.status, retry.text).toBe(200);
    expect(free).toBe(true);
  });

  it('an expired link: 410 ExpiredUploadLink; a reused link: 409 FileAlreadyReceived', async () => {
    const late = await run.initiate({ fileName: 'late.json', linkDuration: 1 });
    const used = await run.initiate({ fileName: 'used.json' });
    expect((await run.upload(used.uploadLink, ndjson(rec('u-1', 'used-1')))).status).toBe(200);
    await run.emulator.clock.advance(61_000);
    const expired = await run.upload(late.uploadLink, ndjson(rec('l-1', 'late-1')));
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({ type: 'about:blank', errorCode: 'ExpiredUploadLink', message: 'The upload link has expired or is no longer valid.' });
    const reused = await run.upload(used.uploadLink, ndjson(rec('u-2', 'used-2')));
    expect(reused.status).toBe(409);
    expect(reused.body).toEqual({ type: 'about:blank', errorCode: 'FileAlreadyReceived', message: 'The file for this uploadLink has already been received.' });
    expect(await recordAt(run, 'surprise', 'late-1')).toBeUndefined();
    expect(await recordAt(run, 'surprise', 'used-2')).toBeUndefined();
  });

  it('the result asked for too early: 409 ImportInProgress (waiting for its file, then queued)', async () => {
    const job = await held.initiate();
    const waiting = await held.result(job.importId);
    expect(waiting.status).toBe(409);
    await held.upload(job.uploadLink, ndjson(rec('e-1', 'early-1', { onHand: 1 })));
    const pending = await held.http.get(`${IMPORTS}/${job.importId}/file-content`).set(held.auth());
    expect(pending.status).toBe(409);
    expect(pending.body).toEqual({ type: 'about:blank', errorCode: 'ImportInProgress', message: `Import ${job.importId} is in progress.` });
    await held.emulator.clock.advance(60_000);
    await held.settle(job.importId);
    expect((await held.result(job.importId)).status).toBe(200);
  });
});

describe('the file', () => {
  const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  const sha512 = (b: Buffer | string) => createHash('sha512').update(b).digest('hex');
  const lines = Array.from({ length: 4000 }, (_, i) => rec(`tz-${i}`, `tz-${i}`, { onHand: i + 1 }));
  const zipped = gz(ndjson(...lines));
  const good = ndjson(rec('hash-1', 'hash-1', { onHand: 3 }));

  // File-level problems: the job FAILS, the result file says why, and nothing is applied.
  const failedCases: [string, () => { content: string | Buffer; initiate?: Record<string, unknown> }, RegExp | string, string | undefined][] = [
    ['a truncated gzip stream', () => ({ content: zipped.subarray(0, zipped.length >> 1), initiate: { fileName: 'half.json.gz', fileEncoding: 'GZIP' } }), /GZIP/, 'tz-0'],
    ['an empty file', () => ({ content: Buffer.alloc(0) }), 'The file is empty.', undefined],
    ['a file of blank lines', () => ({ content: '\n  \n\n' }), 'The file holds no records.', undefined],
    ['a file declared GZIP that is not gzip', () => ({ content: ndjson(rec('ng-1', 'nogz-1', { onHand: 1 })), initiate: { fileName: 'a.gz', fileEncoding: 'GZIP' } }), 'File is not in GZIP format where the encoding type was specified as GZIP', 'nogz-1'],
    ['gzip not declared', () => ({ content: gz(ndjson(rec('ug-1', 'ungz-1', { onHand: 1 }))) }), 'File is in GZIP format where the encoding type was not specified as GZIP', 'ungz-1'],
    ['a SHA-256 that does not match', () => ({ content: good, initiate: { fileName: 'h.json', fileHash: sha256('something else') } }), /hash/, 'hash-1'],
    ['a SHA-512 that does not match', () => ({ content: good, initiate: { fileName: 'h.json', fileHashType: 'SHA-512', fileHash: sha512('something else') } }), /SHA-512/, 'hash-1'],
    [
      'the legacy layout, then a line with locationId (mixed layouts)',
      () => ({ content: ndjson({ location: 'wickenburg', mode: 'UPDATE' }, { recordId: 'mx-1', sku: 'sku123', onHand: 1 }, { recordId: 'mx-2', sku: 'mixed-2', locationId: 'surprise', onHand: 2 }) }),
      /mixes/,
      'mixed-2',
    ],
    [
      'locationId lines, then a legacy header (mixed layouts)',
      () => ({ content: ndjson(rec('mx-3', 'mixed-3', { onHand: 3 }), { location: 'wickenburg', mode: 'UPDATE' }, { recordId: 'mx-4', sku: 'mixed-4', onHand: 4 }) }),
      /mixes/,
      'mixed-3',
    ],
  ];

  it.each(failedCases)('%s: the job FAILS, the result says why, nothing is applied', async (_name, make, message, probeSku) => {
    const before = await recordAt(run, 'wickenburg', 'sku123');
    const { content, initiate } = make();
    const { status, result } = await importOf(content, initiate ?? { fileName: 'bad.json' });
    expect(status).toMatchObject({ status: 'FAILED', validation: { status: 'Failed' }, import: { recordsProcessedCount: 0 } });
    expect(status.validation.errors).toHaveLength(1);
    if (typeof message === 'string') expect(status.validation.errors[0]).toBe(message);
    else expect(status.validation.errors[0]).toMatch(message);
    expect(result[0]).toEqual({ status: 'FAILED' });
    expect(result[1]).toEqual({ recordId: null, locationId: null, sku: null, message: status.validation.errors[0] });
    if (probeSku) {
      expect(await recordAt(run, 'surprise', probeSku)).toBeUndefined();
      expect(await recordAt(run, 'wickenburg', probeSku)).toBeUndefined();
    }
    expect(await recordAt(run, 'wickenburg', 'sku123')).toEqual(before);
  });

  it('hashes that match (SHA-256 by default, SHA-512 when declared, any case): COMPLETED', async () => {
    const a = ndjson(rec('hm-1', 'hashok-1', { onHand: 1 }));
    const b = ndjson(rec('hm-2', 'hashok-2', { onHand: 2 }));
    expect((await importOf(a, { fileName: 'a.json', fileHash: sha256(a).toUpperCase() })).status.status).toBe('COMPLETED');
    expect((await importOf(b, { fileName: 'b.json', fileHashType: 'SHA-512', fileHash: sha512(b) })).status.status).toBe('COMPLETED');
    const zippedOk = gz(ndjson(rec('hm-3', 'hashok-3', { onHand: 3 })));
    expect((await importOf(zippedOk, { fileName: 'c.gz', fileEncoding: 'GZIP', fileHash: sha256(zippedOk) })).status.status).toBe('COMPLETED');
    expect(await recordAt(run, 'surprise', 'hashok-3')).toMatchObject({ onHand: 3 });
  });

  // Line-level problems: that line fails (named in the result file), the others apply.
  const lineCases: [string, unknown, Record<string, unknown>][] = [
    ['not JSON', '{"recordId":"nj-1","sku":', { recordId: null, locationId: null, sku: null, message: expect.stringMatching(/^Line 2: The line is not valid JSON/) }],
    ['a JSON array', '[1,2]', { recordId: null, locationId: null, sku: null, message: 'Line 2: The line must be one JSON object' }],
    ['a SKU with a space', rec('bs-1', 'a b'), { recordId: 'bs-1', locationId: 'surprise', sku: 'a b', message: "'sku' Invalid characters in sku: a b" }],
    ['a SKU with a slash', rec('bs-2', 'x/y'), { recordId: 'bs-2', sku: 'x/y', message: "'sku' Invalid characters in sku: x/y" }],
    ['no SKU', { recordId: 'bs-3', locationId: 'surprise', onHand: 1 }, { recordId: 'bs-3', sku: null, message: "'sku' Invalid characters in sku: null" }],
    ['no recordId', { sku: 'norec', locationId: 'surprise', onHand: 1 }, { recordId: null, sku: 'norec', message: "'recordId' must not be null" }],
    ['a negative onHand', rec('nq-1', 'neg-1', { onHand: -1 }), { recordId: 'nq-1', sku: 'neg-1', message: "'onHand' quantity must be a positive value" }],
    ['a negative safetyStockCount', rec('nq-2', 'neg-2', { safetyStockCount: -0.5 }), { message: "'safetyStockCount' quantity must be a positive value" }],
    ['onHand a string', rec('nq-3', 'neg-3', { onHand: 'ten' }), { message: "'onHand' must be a number" }],
    ['a future without a date', rec('fu-1', 'fut-1', { futures: [{ quantity: 3 }] }), { recordId: 'fu-1', sku: 'fut-1', message: "'futures[0].expectedDate' must not be null" }],
    ['a future of quantity 0', rec('fu-2', 'fut-2', { futures: [{ quantity: 0, expectedDate: '2026-04-01T00:00:00Z' }] }), { message: "'futures[0].quantity' quantity must be greater than 0" }],
    ['a bad effectiveDate', rec('ed-1', 'eff-1', { effectiveDate: 'tomorrow' }), { message: expect.stringMatching(/effectiveDate/) }],
    ['an unknown location', rec('ul-1', 'unk-1', { locationId: 'atlantis', onHand: 1 }), { recordId: 'ul-1', locationId: 'atlantis', sku: 'unk-1', message: "No location exists with ID 'atlantis'" }],
  ];

  it.each(lineCases)('a line with %s fails alone; the good lines apply', async (name, line, failure) => {
    const n = lineCases.findIndex(([x]) => x === name);
    const { status, result } = await importOf(ndjson(rec(`ok-a-${n}`, `good-a-${n}`, { onHand: 5 }), line, rec(`ok-b-${n}`, `good-b-${n}`, { onHand: 6 })));
    expect(status).toMatchObject({ status: 'COMPLETED', validation: { status: 'Success', errors: [] }, import: { recordsReadCount: 3, recordsProcessedCount: 2, recordsSkippedCount: 1 } });
    expect(result).toEqual([{ status: 'COMPLETED_WITH_PARTIAL_FAILURES' }, { recordId: expect.anything(), locationId: expect.anything(), sku: expect.anything(), ...failure }]);
    expect(await recordAt(run, 'surprise', `good-a-${n}`)).toMatchObject({ onHand: 5 });
    expect(await recordAt(run, 'surprise', `good-b-${n}`)).toMatchObject({ onHand: 6 });
  });

  // The impex description says an import file's SKU "Cannot contain : \ < > ; % / or spaces, tabs, and line
  // breaks" (availability lines and product-segmentation SKU lines alike), though the RAML types allow ':'; import
  // lines follow the description (a README decision).
  it('a SKU with a colon fails its availability import line (the impex file layout forbids ":")', async () => {
    const { result } = await importOf(ndjson(rec('co-1', 'colon:1', { onHand: 1 }), rec('co-2', 'colon-2', { onHand: 2 })));
    expect(result).toEqual([{ status: 'COMPLETED_WITH_PARTIAL_FAILURES' }, { recordId: 'co-1', locationId: 'surprise', sku: 'colon:1', message: "'sku' Invalid characters in sku: colon:1" }]);
  });

  it('a SKU with a colon fails its product-segmentation import line (the impex file layout forbids ":")', async () => {
    const init = await run.http.post(`${IMPEX}/product-segmentation/imports`).set(run.auth()).send({ fileName: 'colon.json' });
    await run.upload(init.body.uploadLink, ndjson({ groupId: 'Canada', mode: 'APPEND' }, { sku: 'colon:3' }, { sku: 'colon-4' }));
    const status = await run.settle(init.body.importId, 'product-segmentation');
    expect(status.import).toMatchObject({ recordsReadCount: 2, recordsProcessedCount: 1, recordsSkippedCount: 1 });
    const { lines } = await run.result(init.body.importId, 'product-segmentation');
    expect(lines).toEqual([{ status: 'COMPLETED_WITH_PARTIAL_FAILURES' }, { groupId: 'Canada', sku: 'colon:3', message: "'sku' Invalid characters in sku: colon:3" }]);
  });

  it('every line bad: COMPLETED with a FAILED result, nothing applied', async () => {
    const { status, result } = await importOf(ndjson(rec('ab-1', 'all bad'), rec('ab-2', 'allbad-2', { onHand: -3 })));
    expect(status).toMatchObject({ status: 'COMPLETED', import: { recordsReadCount: 2, recordsProcessedCount: 0, recordsSkippedCount: 2 } });
    expect(result[0]).toEqual({ status: 'FAILED' });
    expect(result).toHaveLength(3);
  });

  it('a legacy header for an unknown location or another mode fails its lines only', async () => {
    const { status, result } = await importOf(
      ndjson({ location: 'atlantis', mode: 'UPDATE' }, { recordId: 'lh-1', sku: 'lh-1', onHand: 1 }, { location: 'wickenburg', mode: 'REPLACE' }, { recordId: 'lh-2', sku: 'lh-2', onHand: 2 }, { location: 'wickenburg', mode: 'UPDATE' }, { recordId: 'lh-3', sku: 'lh-3', onHand: 3 }),
    );
    expect(status.import).toMatchObject({ recordsReadCount: 3, recordsProcessedCount: 1, recordsSkippedCount: 2 });
    expect(result.slice(1).map((l) => l.message)).toEqual(["No location exists with ID 'atlantis'", "'mode' REPLACE is not supported: only UPDATE"]);
    expect(await recordAt(run, 'wickenburg', 'lh-2')).toBeUndefined();
    expect(await recordAt(run, 'wickenburg', 'lh-3')).toMatchObject({ onHand: 3 });
  });
});

describe('what an import changes', () => {
  it('a recordId repeated within a file applies once (the first line); the repeat is skipped, not failed', async () => {
    const { status, result } = await importOf(ndjson(rec('dup-1', 'dup-sku', { onHand: 5 }), rec('dup-1', 'dup-sku', { onHand: 9 }), rec('dup-2', 'dup-other', { onHand: 1 })));
    expect(status.import).toMatchObject({ recordsReadCount: 3, recordsProcessedCount: 2, recordsSkippedCount: 1 });
    expect(result).toEqual([{ status: 'COMPLETED_WITHOUT_ERRORS' }]);
    expect(await recordAt(run, 'surprise', 'dup-sku')).toMatchObject({ onHand: 5 });
  });

  it('a recordId an earlier import applied is skipped by a later one', async () => {
    await importOf(ndjson(rec('once-1', 'once-sku', { onHand: 3 })));
    const { status, result } = await importOf(ndjson(rec('once-1', 'once-sku', { onHand: 7 }), rec('once-2', 'once-sku-2', { onHand: 8 })));
    expect(status.import).toMatchObject({ recordsReadCount: 2, recordsProcessedCount: 1, recordsSkippedCount: 1 });
    expect(result).toEqual([{ status: 'COMPLETED_WITHOUT_ERRORS' }]);
    expect(await recordAt(run, 'surprise', 'once-sku')).toMatchObject({ onHand: 3 });
    expect(await recordAt(run, 'surprise', 'once-sku-2')).toMatchObject({ onHand: 8 });
  });

  it('a present-but-empty field clears the value; an absent field is left as it was; other pairs are untouched', async () => {
    const full = { onHand: 10, safetyStockCount: 2, effectiveDate: '2026-03-01T08:00:00Z', futures: [{ quantity: 4, expectedDate: '2026-04-01T00:00:00Z' }] };
    await importOf(ndjson(rec('clr-1', 'clr-sku', full), rec('clr-2', 'clr-sku', { ...full, locationId: 'wickenburg' }), rec('clr-3', 'clr-other', full)));
    const otherBefore = await recordAt(run, 'surprise', 'clr-other');
    const sku123Before = await recordAt(run, 'surprise', 'sku123');

    // onHand null → 0, futures [] → none, effectiveDate null → gone; safetyStockCount absent → kept.
    const { status } = await importOf(ndjson(rec('clr-4', 'clr-sku', { onHand: null, futures: [], effectiveDate: null })));
    expect(status.status).toBe('COMPLETED');
    const cleared = await recordAt(run, 'surprise', 'clr-sku');
    expect(cleared).toMatchObject({ onHand: 0, safetyStockCount: 2, futures: [] });
    expect(cleared).not.toHaveProperty('effectiveDate');

    // "" clears as null does; a line with only its keys changes nothing.
    await importOf(ndjson(rec('clr-5', 'clr-sku', { safetyStockCount: '', futures: null })));
    expect(await recordAt(run, 'surprise', 'clr-sku')).toMatchObject({ onHand: 0, safetyStockCount: 0, futures: [] });
    await importOf(ndjson(rec('clr-6', 'clr-other')));
    expect(await recordAt(run, 'surprise', 'clr-other')).toEqual(otherBefore);

    // The same SKU elsewhere, other SKUs here: untouched.
    expect(await recordAt(run, 'wickenburg', 'clr-sku')).toMatchObject({ onHand: 10, safetyStockCount: 2, effectiveDate: '2026-03-01T08:00:00Z', futures: [{ quantity: 4 }] });
    expect(await recordAt(run, 'surprise', 'sku123')).toEqual(sku123Before);
  });
});
