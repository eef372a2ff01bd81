import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { orgToken } from '../salesforce-org/helpers.js';

// The org's Connect availability upload: a multipart NDJSON file in, an import job of the shared impex engine,
// the Connect status out; errors in the Salesforce REST shape.

let run: Running;
let org: string;
beforeAll(async () => {
  run = await startEmulator({ fixtures: 'demo' });
  org = await orgToken(run);
});
afterAll(() => run.close());

const uploads = (version = 'v58.0') => `/services/data/${version}/commerce/oci/availability-records/uploads`;
const ndjson = (...lines: unknown[]) => `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;

function upload(content: string | Buffer, options: { version?: string; token?: string; field?: string } = {}) {
  return run.http
    .post(uploads(options.version))
    .set('Authorization', `Bearer ${options.token ?? org}`)
    .attach(options.field ?? 'fileUpload', Buffer.isBuffer(content) ? content : Buffer.from(content), 'inventory.json');
}

const status = (uploadId: string, version = 'v58.0', token = org) => run.http.get(`${uploads(version)}/${uploadId}`).set('Authorization', `Bearer ${token}`);

/** Polls the Connect status until the upload has left PENDING/RUNNING. */
async function settle(uploadId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 2000; i++) {
    const res = await status(uploadId);
    if (res.status !== 200) throw new Error(`status: ${res.status} ${res.text}`);
    if (!['WAITING', 'PENDING', 'RUNNING'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`upload ${uploadId} did not finish`);
}

async function uploadAndSettle(content: string | Buffer, field?: string) {
  const res = await upload(content, field ? { field } : {});
  expect(res.status).toBe(201);
  return { uploadId: res.body.uploadId as string, status: await settle(res.body.uploadId) };
}

const connectOnHand = async (location: string, sku: string) => {
  const res = await run.http
    .post('/services/data/v58.0/commerce/oci/availability/availability-records/actions/get-availability')
    .set('Authorization', `Bearer ${org}`)
    .send({ locationIdentifiers: [location], stockKeepingUnits: [sku] });
  return res.body.locations[0].inventoryRecords.find((r: { stockKeepingUnit: string }) => r.stockKeepingUnit === sku)?.onHand;
};

describe('Connect availability upload', () => {
  it('201 {errors, success, uploadId}; the status reaches COMPLETED and the records change', async () => {
    const res = await upload(
      ndjson(
        { recordId: 'cu-1', sku: 'SKU-0001', locationId: 'WH-EAST', onHand: 321, safetyStockCount: 1, futures: [{ quantity: 5, expectedDate: '2025-01-01T00:00:00Z' }] },
        { recordId: 'cu-2', sku: 'SKU-0002', locationId: 'WH-WEST', onHand: 42 },
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ errors: [], success: true, uploadId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const body = await settle(res.body.uploadId);
    expect(body).toEqual({
      endTimeUTC: expect.any(String),
      errors: [],
      recordsProcessedCount: 2,
      recordsReadCount: 2,
      recordsSkippedCount: 0,
      startTimeUTC: expect.any(String),
      status: 'COMPLETED',
      success: true,
      uploadId: res.body.uploadId,
      validationErrors: [],
      validationStatus: 'VALID',
    });
    expect(await connectOnHand('WH-EAST', 'SKU-0001')).toBe(321);
    // The Commerce API reads the same records; a past-dated future still counts (see the route's decision).
    const am = await tokenFor(run.http);
    const commerce = await run.http
      .post(`/inventory/availability/v1/organizations/${TENANT_GROUP}/availability-records/actions/get-availability`)
      .set('Authorization', `Bearer ${am}`)
      .send({ skus: ['SKU-0002'], locations: ['WH-WEST'] });
    expect(commerce.body.locations[0].records[0]).toMatchObject({ sku: 'SKU-0002', onHand: 42 });
  });

  it('takes the legacy layout, and a file part of any name', async () => {
    const { status: body } = await uploadAndSettle(ndjson({ location: 'STORE-BOS', mode: 'UPDATE' }, { recordId: 'cu-l1', sku: 'SKU-0003', onHand: 17 }), 'inventory');
    expect(body).toMatchObject({ status: 'COMPLETED', recordsProcessedCount: 1, recordsSkippedCount: 0 });
    expect(await connectOnHand('STORE-BOS', 'SKU-0003')).toBe(17);
  });

  it('a bad record is skipped: COMPLETED with recordsSkippedCount, the others applied', async () => {
    const { status: body } = await uploadAndSettle(
      ndjson({ recordId: 'cu-b1', sku: 'SKU-0004', locationId: 'WH-EAST', onHand: 8 }, { recordId: 'cu-b2', sku: 'SKU-0005', locationId: 'WH-EAST', onHand: -1 }, 'not json'),
    );
    expect(body).toMatchObject({ status: 'COMPLETED', validationStatus: 'VALID', recordsReadCount: 3, recordsProcessedCount: 1, recordsSkippedCount: 2 });
    expect(await connectOnHand('WH-EAST', 'SKU-0004')).toBe(8);
  });

  it('a gzip file cannot be declared on Connect: it fails validation', async () => {
    const { status: body } = await uploadAndSettle(gzipSync(ndjson({ recordId: 'cu-g1', sku: 'SKU-0006', locationId: 'WH-EAST', onHand: 1 })));
    expect(body).toMatchObject({ status: 'FAILED', validationStatus: 'INVALID', validationErrors: ['File is in GZIP format where the encoding type was not specified as GZIP'] });
  });
});

describe('Connect availability upload refusals', () => {
  it('a file over 10 MB → 413 REQUEST_ENTITY_TOO_LARGE, and the org keeps answering', async () => {
    const line = `${JSON.stringify({ recordId: 'big-000000', sku: 'SKU-0007', locationId: 'WH-EAST', onHand: 1 })}\n`;
    const big = Buffer.from(line.repeat(Math.ceil((11 * 1024 * 1024) / line.length)));
    const res = await upload(big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual([{ message: expect.stringContaining('10 MB'), errorCode: 'REQUEST_ENTITY_TOO_LARGE' }]);
    expect((await status('no-such-upload')).status).toBe(404);
  });

  it('a file just over 10 MB (under the Content-Length shortcut), or a chunked upload over 10 MB → 413 at once', async () => {
    const justOver = Buffer.alloc(10 * 1024 * 1024 + 20 * 1024, 0x41);
    const res = await upload(justOver);
    expect(res.status).toBe(413);
    const chunked = await new Promise<number>((resolve, reject) => {
      const boundary = 'chunked-boundary';
      const req = request(new URL(uploads(), run.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${org}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      });
      req.on('response', (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="fileUpload"; filename="big.json"\r\n\r\n`);
      const chunk = Buffer.alloc(1024 * 1024, 0x42);
      let sent = 0;
      const pump = () => {
        while (sent < 12 && req.write(chunk)) sent++;
        if (sent < 12) req.once('drain', () => (sent++, pump()));
        else req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    expect(chunked).toBe(413);
  });

  it('no file → 400 INVALID_INPUT', async () => {
    const res = await run.http.post(uploads()).set('Authorization', `Bearer ${org}`).field('note', '');
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.stringContaining('fileUpload'), errorCode: 'INVALID_INPUT' }]);
  });

  it('not multipart → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await run.http.post(uploads()).set('Authorization', `Bearer ${org}`).send({ recordId: 'x' });
    expect(res.status).toBe(415);
    expect(res.body).toEqual([{ message: "MediaType of 'application/json' is not supported by this resource", errorCode: 'UNSUPPORTED_MEDIA_TYPE' }]);
  });

  it('an unknown upload id, or a Commerce API import id → 404 NOT_FOUND', async () => {
    const unknown = await status('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    const am = await tokenFor(run.http);
    const impex = await run.http
      .post(`/inventory/impex/v1/organizations/${TENANT_GROUP}/availability-records/imports`)
      .set('Authorization', `Bearer ${am}`)
      .send({ fileName: 'x.json' });
    expect(impex.status).toBe(200);
    expect((await status(impex.body.importId)).status).toBe(404);
  });

  it('no token, or an Account Manager token → 401 INVALID_SESSION_ID', async () => {
    const none = await run.http.post(uploads()).attach('fileUpload', Buffer.from(ndjson({ recordId: 'n', sku: 'SKU-0001', locationId: 'WH-EAST' })), 'f.json');
    expect(none.status).toBe(401);
    expect(none.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const am = await tokenFor(run.http);
    const wrongKind = await upload(ndjson({ recordId: 'a', sku: 'SKU-0001', locationId: 'WH-EAST' }), { token: am });
    expect(wrongKind.status).toBe(401);
    expect(wrongKind.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect((await status('any', 'v58.0', am)).status).toBe(401);
  });

  it('API versions: before 51.0 the resource does not exist, before 31.0 the version is retired', async () => {
    const old = await upload(ndjson({ recordId: 'v', sku: 'SKU-0001', locationId: 'WH-EAST' }), { version: 'v50.0' });
    expect(old.status).toBe(404);
    expect(old.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    expect((await status('any', 'v50.0')).status).toBe(404);
    const retired = await status('any', 'v30.0');
    expect(retired.status).toBe(410);
    expect(retired.body[0].errorCode).toBe('GONE');
  });

  it('other methods → 405', async () => {
    expect((await run.http.get(uploads()).set('Authorization', `Bearer ${org}`)).status).toBe(405);
    expect((await run.http.delete(`${uploads()}/x`).set('Authorization', `Bearer ${org}`)).status).toBe(405);
  });

  it('a refused upload leaves no job behind', async () => {
    const before = Object.keys(await jobs()).length;
    await run.http.post(uploads()).set('Authorization', `Bearer ${org}`).send({});
    await run.http.post(uploads()).set('Authorization', `Bearer ${org}`).field('note', '');
    expect(Object.keys(await jobs()).length).toBe(before);
  });
});

async function jobs(): Promise<Record<string, unknown>> {
  await run.emulator.services.oci!.domain.jobs.idle();
  const state = run.emulator.store.get(`oci-impex.${TENANT_GROUP}`) as { imports?: Record<string, unknown> } | undefined;
  return state?.imports ?? {};
}
