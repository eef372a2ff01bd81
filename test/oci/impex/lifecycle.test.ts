import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_START, TENANT_GROUP } from '../../helpers/emulator.js';
import { IMPEX, IMPORTS, impexEmulators, ndjson, startImpex, type ImpexRun, type ImportStatus } from './helpers.js';
import { AVAILABILITY, bigImportText, EXPORT_BODIES, initiateExport, recordAt, settleExport, type ExportSegment } from './more-helpers.js';

// The life of impex jobs: the statuses an import walks through and when, which imports the list offers, what may
// be deleted when, how a pending availability export holds record deletes back, that jobs and their files survive
// a restart, and that every time a job shows comes from the virtual clock.

const [run, held] = impexEmulators();

const iso = (ms: number) => new Date(ms).toISOString();
const START = Date.parse(FROZEN_START);

async function statusOf(r: ImpexRun, importId: string, segment = 'availability-records') {
  return r.http.get(`${IMPEX}/${segment}/imports/${importId}/status`).set(r.auth());
}

describe('an import walks WAITING → PENDING → RUNNING → COMPLETED', () => {
  it('with counts that grow while it runs, and times taken from the virtual clock', async () => {
    // Five virtual minutes in: nothing below can be wall-clock time by accident.
    await held.emulator.clock.advance(5 * 60_000);
    const initiatedAt = START + 5 * 60_000;
    const job = await held.initiate({ fileName: 'walk.json', linkDuration: 20 });
    expect(job).toEqual({
      importId: job.importId,
      importStatusLink: `${IMPORTS}/${job.importId}/status`,
      uploadLink: expect.stringMatching(new RegExp(`^${IMPORTS}/uploadlink/[^/]+$`)),
      uploadMethod: 'POST',
      uploadLinkExpirationUTC: iso(initiatedAt + 20 * 60_000),
    });

    const waiting = (await statusOf(held, job.importId)).body as ImportStatus;
    expect(waiting).toMatchObject({ status: 'WAITING', validation: { status: 'Pending', errors: [] }, upload: { fileName: 'walk.json' } });
    expect(waiting.import).toMatchObject({ recordsReadCount: 0, recordsProcessedCount: 0, recordsSkippedCount: 0 });
    expect(waiting.import).not.toHaveProperty('startTimeUTC');

    const n = 100_000;
    const up = await held.upload(job.uploadLink, bigImportText(n, ['surprise', 'wickenburg', 'warehouse5', 'toronto', 'flagstaff'], 'WALK'));
    expect(up.body).toEqual({ status: 'PENDING', importId: job.importId });
    const pending = (await statusOf(held, job.importId)).body as ImportStatus;
    expect(pending).toMatchObject({ status: 'PENDING', validation: { status: 'Pending' }, import: { recordsReadCount: 0, recordsProcessedCount: 0 } });
    expect(pending.import).not.toHaveProperty('startTimeUTC');
    expect(pending.import.fullResults.exportResultExpirationUTC).toBe(iso(initiatedAt + 24 * 3_600_000));

    // The queue delay passes on the virtual clock; the import starts at that instant.
    await held.emulator.clock.advance(60_000);
    const startedAt = initiatedAt + 60_000;
    const seen: ImportStatus[] = [];
    for (let i = 0; i < 5000; i++) {
      const status = (await statusOf(held, job.importId)).body as ImportStatus;
      seen.push(status);
      if (!['PENDING', 'RUNNING'].includes(status.status)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const done = seen.at(-1)!;
    const runningStates = seen.filter((s) => s.status === 'RUNNING');
    expect(runningStates.length, `statuses seen: ${seen.map((s) => s.status).join(' ')}`).toBeGreaterThan(0);
    expect(runningStates.some((s) => s.import.recordsReadCount > 0 && s.import.recordsReadCount <= n), 'a RUNNING status with records read').toBe(true);
    expect(seen.filter((s) => s.status === 'PENDING'), 'the job starts when the queue delay has passed').toEqual([]);
    for (const s of runningStates) {
      expect(s.validation.status).toBe('Pending');
      expect(s.import.startTimeUTC).toBe(iso(startedAt));
      expect(s.import).not.toHaveProperty('endTimeUTC');
    }
    // Counts never go back.
    const reads = seen.map((s) => s.import.recordsReadCount);
    const processed = seen.map((s) => s.import.recordsProcessedCount);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));
    expect(processed).toEqual([...processed].sort((a, b) => a - b));

    expect(done).toMatchObject({
      importId: job.importId,
      status: 'COMPLETED',
      validation: { status: 'Success', errors: [] },
      import: { recordsReadCount: n, recordsProcessedCount: n, recordsSkippedCount: 0, startTimeUTC: iso(startedAt), endTimeUTC: iso(startedAt) },
    });
    // The frozen clock did not move while it ran: end = start, and the result lives a day from then.
    expect(done.import.fullResults).toEqual({ href: `${IMPORTS}/${job.importId}/file-content`, exportResultExpirationUTC: iso(startedAt + 24 * 3_600_000) });
    expect(Math.abs(Date.parse(done.import.startTimeUTC!) - Date.now())).toBeGreaterThan(60_000);
    expect((await held.result(job.importId)).lines).toEqual([{ status: 'COMPLETED_WITHOUT_ERRORS' }]);
    expect(await recordAt(held, 'flagstaff', `WALK-${Math.floor((n - 1) / 5)}`)).toMatchObject({ onHand: (n - 1) % 997 });
  });

  it('an export shows its times from the virtual clock too', async () => {
    const before = held.emulator.clock.now();
    const exportId = await initiateExport(held, 'availability-records');
    const pending = await held.http.get(`${IMPEX}/availability-records/exports/${exportId}/status`).set(held.auth());
    expect(pending.body).toMatchObject({ status: 'PENDING', download: { downloadLinkExpirationUTC: iso(before + 24 * 3_600_000) } });
    expect(pending.body.export).not.toHaveProperty('startTimeUTC');
    await held.emulator.clock.advance(60_000);
    const done = await settleExport(held, 'availability-records', exportId);
    expect(done).toMatchObject({ status: 'COMPLETED', export: { startTimeUTC: iso(before + 60_000), endTimeUTC: iso(before + 60_000) }, download: { downloadLinkExpirationUTC: iso(before + 60_000 + 24 * 3_600_000) } });
  });
});

describe('the list of imports', () => {
  it('?available=true offers only imports whose link is unused and unexpired; ?available=maybe is a 400', async () => {
    const unused = await run.initiate({ fileName: 'unused.json' });
    const used = await run.initiate({ fileName: 'used.json' });
    await run.upload(used.uploadLink, ndjson({ recordId: 'av-1', sku: 'avail-1', locationId: 'surprise', onHand: 1 }));
    const short = await run.initiate({ fileName: 'short.json', linkDuration: 1 });
    const segmentation = await run.http.post(`${IMPEX}/product-segmentation/imports`).set(run.auth()).send({ fileName: 'seg.json' });
    await run.settle(used.importId);

    const before = await run.http.get(`${IMPORTS}?available=true`).set(run.auth());
    expect(before.body.imports).toEqual(expect.arrayContaining([unused.importId, short.importId]));
    expect(before.body.imports).not.toContain(used.importId);

    await run.emulator.clock.advance(61_000);
    const available = await run.http.get(`${IMPORTS}?available=true`).set(run.auth());
    expect(available.status).toBe(200);
    expect(available.body.imports).toContain(unused.importId);
    expect(available.body.imports).not.toContain(used.importId);
    expect(available.body.imports).not.toContain(short.importId);
    expect((await statusOf(run, short.importId)).body).toMatchObject({ status: 'EXPIRED', validation: { status: 'Failed' } });

    // Without the filter (or with false): every availability import, in creation order; never a segmentation one.
    for (const query of ['', '?available=false']) {
      const all = await run.http.get(`${IMPORTS}${query}`).set(run.auth());
      const ids: string[] = all.body.imports;
      const ours = ids.filter((id) => [unused.importId, used.importId, short.importId].includes(id));
      expect(ours, query).toEqual([unused.importId, used.importId, short.importId]);
      expect(ids).not.toContain(segmentation.body.importId);
    }
    const bad = await run.http.get(`${IMPORTS}?available=maybe`).set(run.auth());
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequestParameter' });
  });
});

describe('deleting', () => {
  it('an import: 204, then 404 everywhere (status, result, delete, upload link), and the list forgets it', async () => {
    const { importId } = await run.importFile(ndjson({ recordId: 'del-1', sku: 'del-1', locationId: 'surprise', onHand: 1 }));
    const unused = await run.initiate({ fileName: 'never.json' });
    for (const id of [importId, unused.importId]) {
      const res = await run.http.delete(`${IMPORTS}/${id}`).set(run.auth());
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await statusOf(run, id)).status).toBe(404);
      expect((await run.http.get(`${IMPORTS}/${id}/file-content`).set(run.auth())).status).toBe(404);
      expect((await run.http.delete(`${IMPORTS}/${id}`).set(run.auth())).status).toBe(404);
      expect((await run.http.get(IMPORTS).set(run.auth())).body.imports).not.toContain(id);
    }
    expect((await run.upload(unused.uploadLink, ndjson({ recordId: 'del-2', sku: 'del-2', locationId: 'surprise' }))).status).toBe(404);
    // What the import applied stays.
    expect(await recordAt(run, 'surprise', 'del-1')).toMatchObject({ onHand: 1 });
  });

  it('a product-segmentation import: 204, then 404', async () => {
    const init = await run.http.post(`${IMPEX}/product-segmentation/imports`).set(run.auth()).send({ fileName: 'seg.json' });
    const { importId, uploadLink } = init.body;
    await run.upload(uploadLink, ndjson({ groupId: 'arizona', mode: 'APPEND' }, { sku: 'sku123' }));
    await run.settle(importId, 'product-segmentation');
    expect((await run.http.delete(`${IMPEX}/product-segmentation/imports/${importId}`).set(run.auth())).status).toBe(204);
    expect((await statusOf(run, importId, 'product-segmentation')).status).toBe(404);
  });

  it('an import while it is PENDING: 409 ImportInProgress; once it has finished: 204', async () => {
    for (const segment of ['availability-records', 'product-segmentation'] as const) {
      const init = await held.http.post(`${IMPEX}/${segment}/imports`).set(held.auth()).send({ fileName: 'pending.json' });
      const { importId, uploadLink } = init.body;
      const content = segment === 'availability-records' ? ndjson({ recordId: 'pd-1', sku: 'pend-1', locationId: 'surprise', onHand: 2 }) : ndjson({ groupId: 'Canada', mode: 'APPEND' }, { sku: 'sku123' });
      await held.upload(uploadLink, content);
      const refused = await held.http.delete(`${IMPEX}/${segment}/imports/${importId}`).set(held.auth());
      expect(refused.status, segment).toBe(409);
      expect(refused.body).toEqual({ type: 'about:blank', errorCode: 'ImportInProgress', message: `Import ${importId} is in progress.` });
      expect((await statusOf(held, importId, segment)).body.status).toBe('PENDING');
      await held.emulator.clock.advance(60_000);
      expect((await held.settle(importId, segment)).status).toBe('COMPLETED');
      expect((await held.http.delete(`${IMPEX}/${segment}/imports/${importId}`).set(held.auth())).status).toBe(204);
    }
  });

  it('an export while it is PENDING: 409 ExportInProcess; once it has finished: 204, then 404', async () => {
    const segments: ExportSegment[] = ['availability-records', 'location-graph', 'product-segmentation', 'reservations'];
    const ids = new Map<ExportSegment, string>();
    for (const segment of segments) {
      const exportId = await initiateExport(held, segment, EXPORT_BODIES[segment]);
      ids.set(segment, exportId);
      const refused = await held.http.delete(`${IMPEX}/${segment}/exports/${exportId}`).set(held.auth());
      expect(refused.status, segment).toBe(409);
      expect(refused.body).toEqual({ type: 'about:blank', errorCode: 'ExportInProcess', message: `Export ${exportId} is in progress.` });
    }
    await held.emulator.clock.advance(60_000);
    for (const [segment, exportId] of ids) {
      expect((await settleExport(held, segment, exportId)).status).toBe('COMPLETED');
      expect((await held.http.delete(`${IMPEX}/${segment}/exports/${exportId}`).set(held.auth())).status, segment).toBe(204);
      expect((await held.http.get(`${IMPEX}/${segment}/exports/${exportId}/status`).set(held.auth())).status).toBe(404);
      expect((await held.http.get(`${IMPEX}/${segment}/exports/${exportId}/file-content`).set(held.auth())).status).toBe(404);
    }
  });

  it('an availability record while an availability export is PENDING: 409 ExportInProcess; afterwards: 204', async () => {
    const record = `${AVAILABILITY}/locations/toronto/availability-records/skus/sku123/del-while-export`;
    const exportId = await initiateExport(held, 'availability-records', { objects: { groups: ['Canada'] } });
    const refused = await held.http.delete(record).set(held.auth());
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'about:blank', errorCode: 'ExportInProcess' });
    expect(refused.body.message).toContain(exportId);
    expect(await recordAt(held, 'toronto', 'sku123')).toMatchObject({ onHand: 12 });
    // Once it has finished the delete goes through, and other kinds of export do not hold deletes back.
    await held.emulator.clock.advance(60_000);
    expect((await settleExport(held, 'availability-records', exportId)).status).toBe('COMPLETED');
    const graph = await initiateExport(held, 'location-graph');
    expect((await held.http.delete(record).set(held.auth())).status).toBe(204);
    expect(await recordAt(held, 'toronto', 'sku123')).toBeUndefined();
    await held.emulator.clock.advance(60_000);
    await settleExport(held, 'location-graph', graph);
  });
});

describe('a restart of a file-backed emulator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'impex-restart-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the jobs, their result files (in <stem>.files/ beside the data file) and queued work', async () => {
    const file = join(dir, 'state.json');
    const first = await startImpex({ store: { file }, impex: { queueDelayMs: 60_000 } });
    let finished: string;
    let pending: string;
    let exportId: string;
    let statusBefore: unknown;
    let resultBefore: string;
    let closedAt: number;
    try {
      expect(first.emulator.restored).toBe(false);
      const a = await first.initiate({ fileName: 'before.json' });
      await first.upload(a.uploadLink, ndjson({ recordId: 'rs-1', sku: 'restart-1', locationId: 'surprise', onHand: 11 }, { recordId: 'rs-2', sku: 'bad sku', locationId: 'surprise' }));
      await first.emulator.clock.advance(60_000);
      statusBefore = await first.settle(a.importId);
      resultBefore = (await first.result(a.importId)).text;
      finished = a.importId;
      exportId = await initiateExport(first, 'location-graph');
      const b = await first.initiate({ fileName: 'queued.json' });
      await first.upload(b.uploadLink, ndjson({ recordId: 'rs-3', sku: 'restart-3', locationId: 'wickenburg', onHand: 33 }));
      pending = b.importId;
      expect((await first.http.get(`${IMPORTS}/${pending}/status`).set(first.auth())).body.status).toBe('PENDING');
      closedAt = first.emulator.clock.now();
    } finally {
      await first.close();
    }

    const area = join(dir, 'state.files', encodeURIComponent(TENANT_GROUP));
    expect(existsSync(area)).toBe(true);
    expect(readdirSync(area)).toEqual(expect.arrayContaining([`${finished}.result`, `${pending}.upload`]));

    const second = await startImpex({ store: { file }, impex: { queueDelayMs: 60_000 }, clock: { mode: 'frozen', start: closedAt } });
    try {
      expect(second.emulator.restored).toBe(true);
      expect((await second.http.get(`${IMPORTS}/${finished}/status`).set(second.auth())).body).toEqual(statusBefore);
      const result = await second.result(finished);
      expect(result.status).toBe(200);
      expect(result.text).toBe(resultBefore);
      expect(result.lines[0]).toEqual({ status: 'COMPLETED_WITH_PARTIAL_FAILURES' });
      expect(await recordAt(second, 'surprise', 'restart-1')).toMatchObject({ onHand: 11 });

      // Queued before the restart: still PENDING, and it runs when its time comes.
      expect((await second.http.get(`${IMPORTS}/${pending}/status`).set(second.auth())).body.status).toBe('PENDING');
      expect((await second.http.get(`${IMPEX}/location-graph/exports/${exportId}/status`).set(second.auth())).body.status).toBe('PENDING');
      await second.emulator.clock.advance(60_000);
      expect(await second.settle(pending)).toMatchObject({ status: 'COMPLETED', import: { recordsProcessedCount: 1 } });
      expect(await recordAt(second, 'wickenburg', 'restart-3')).toMatchObject({ onHand: 33 });
      expect((await settleExport(second, 'location-graph', exportId)).status).toBe('COMPLETED');
      // The upload file goes once it has been imported; the result takes its place.
      expect(readdirSync(area)).toEqual(expect.arrayContaining([`${pending}.result`]));
      expect(readdirSync(area)).not.toContain(`${pending}.upload`);
      // A recordId applied before the restart is still known: a later import skips it.
      const again = await second.initiate({ fileName: 'again.json' });
      await second.upload(again.uploadLink, ndjson({ recordId: 'rs-1', sku: 'restart-1', locationId: 'surprise', onHand: 99 }));
      await second.emulator.clock.advance(60_000);
      expect((await second.settle(again.importId)).import).toMatchObject({ recordsReadCount: 1, recordsProcessedCount: 0, recordsSkippedCount: 1 });
      expect(await recordAt(second, 'surprise', 'restart-1')).toMatchObject({ onHand: 11 });
    } finally {
      await second.close();
    }
  });
});
