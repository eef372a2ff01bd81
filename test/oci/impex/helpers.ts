import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../../helpers/emulator.js';
import type { EmulatorOptions } from '../../../emulator/index.js';

// Shared by the impex tests: an emulator with a token holding every OCI scope, and the import flow as a client
// drives it (initiate, upload, poll, result).

export const IMPEX = `/inventory/impex/v1/organizations/${TENANT_GROUP}`;
export const IMPORTS = `${IMPEX}/availability-records/imports`;

export interface ImpexRun extends Running {
  token: string;
  auth(): { Authorization: string };
  initiate(body?: Record<string, unknown>): Promise<{ importId: string; uploadLink: string; importStatusLink: string; uploadLinkExpirationUTC: string }>;
  upload(uploadLink: string, content: string | Buffer, options?: { field?: string; asText?: boolean; filename?: string }): ReturnType<Running['http']['post']>;
  /** Polls the status until the import leaves WAITING/PENDING/RUNNING; answers the last status body. */
  settle(importId: string, kind?: 'availability-records' | 'product-segmentation'): Promise<ImportStatus>;
  result(importId: string, kind?: 'availability-records' | 'product-segmentation'): Promise<{ status: number; lines: Record<string, unknown>[]; text: string }>;
  /** Initiate, upload and settle: the whole flow. */
  importFile(content: string | Buffer, initiate?: Record<string, unknown>): Promise<{ importId: string; status: ImportStatus; result: Record<string, unknown>[] }>;
  availability(body: unknown): Promise<Record<string, unknown>>;
}

export interface ImportStatus {
  importId: string;
  status: string;
  validation: { status: string; errors: string[] };
  upload: { fileName: string };
  import: { recordsReadCount: number; recordsProcessedCount: number; recordsSkippedCount: number; startTimeUTC?: string; endTimeUTC?: string; fullResults: { href: string; exportResultExpirationUTC: string } };
}

/** An emulator of the RAML examples' world with a token of every OCI scope; `run` is filled in (a file's hooks may hand it over before it starts). */
export async function startImpex(options: EmulatorOptions = {}, run = {} as ImpexRun): Promise<ImpexRun> {
  const base = await startEmulator({ fixtures: 'raml-examples', ...options });
  Object.assign(run, {
    ...base,
    token: await tokenFor(base.http),
    auth: () => ({ Authorization: `Bearer ${run.token}` }),
    async initiate(body = { fileName: 'inventory.json' }) {
      const res = await base.http.post(IMPORTS).set(run.auth()).send(body);
      if (res.status !== 200) throw new Error(`initiate: ${res.status} ${res.text}`);
      return res.body;
    },
    upload(uploadLink, content, options = {}) {
      const req = base.http.post(uploadLink).set(run.auth());
      if (options.asText) return req.field(options.field ?? 'ImportsUploadLinkPostBody', content.toString());
      return req.attach(options.field ?? 'fileUpload', Buffer.isBuffer(content) ? content : Buffer.from(content), options.filename ?? 'inventory.json');
    },
    async settle(importId, kind = 'availability-records') {
      for (let i = 0; i < 2000; i++) {
        const res = await base.http.get(`${IMPEX}/${kind}/imports/${importId}/status`).set(run.auth());
        if (res.status !== 200) throw new Error(`status: ${res.status} ${res.text}`);
        if (!['WAITING', 'PENDING', 'RUNNING'].includes(res.body.status)) return res.body;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`import ${importId} did not finish`);
    },
    async result(importId, kind = 'availability-records') {
      const res = await base.http.get(`${IMPEX}/${kind}/imports/${importId}/file-content`).set(run.auth()).buffer(true).parse((r, cb) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (data += c));
        r.on('end', () => cb(null, data));
      });
      const text = String(res.body ?? '');
      return { status: res.status, text, lines: res.status === 200 ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [] };
    },
    async importFile(content, initiate) {
      const job = await run.initiate(initiate);
      const up = await run.upload(job.uploadLink, content);
      if (up.status !== 200) throw new Error(`upload: ${up.status} ${up.text}`);
      const status = await run.settle(job.importId);
      const result = await run.result(job.importId);
      return { importId: job.importId, status, result: result.lines };
    },
    async availability(body) {
      const res = await base.http
        .post(`/inventory/availability/v1/organizations/${TENANT_GROUP}/availability-records/actions/get-availability`)
        .set(run.auth())
        .send(body as object);
      return res.body;
    },
  } satisfies ImpexRun);
  return run;
}

/**
 * The two emulators most impex test files use, started before the file's tests and closed after them: `run`, and
 * `held`, where jobs wait PENDING until the clock moves 60 s.
 */
export function impexEmulators(): [run: ImpexRun, held: ImpexRun] {
  const run = {} as ImpexRun;
  const held = {} as ImpexRun;
  beforeAll(async () => {
    await Promise.all([startImpex({}, run), startImpex({ impex: { queueDelayMs: 60_000 } }, held)]);
  });
  afterAll(async () => {
    await Promise.all([run.close?.(), held.close?.()]);
  });
  return [run, held];
}

export const ndjson = (...lines: unknown[]) => `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;
export const gz = (text: string) => gzipSync(Buffer.from(text));
