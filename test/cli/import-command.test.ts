import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { writeImportFile } from '../../fixtures/import-file.js';
import { TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { tempFolders } from '../helpers/temp.js';

// `oci-emulator import`, spawned as a user runs it, against an emulator in this process: the command only has the
// emulator's URL, so it goes through the public flow (token, initiate, upload, status, result file). The clock is
// real, because the import job runs on it.

const BIN = resolve(fileURLToPath(new URL('../../bin/oci-emulator.js', import.meta.url)));
const temp = tempFolders('oci-emu-import');
const dir = temp.dir();
let emulator: Emulator;
let url: string;

beforeAll(async () => {
  emulator = await createEmulator({ fixtures: { name: 'demo', skus: 50, locations: 3 }, seed: 1 });
  url = (await emulator.listen(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await emulator.close();
  temp.cleanup();
});

function importFile(file: string, ...args: string[]) {
  return importTo(url, file, ...args);
}

function importTo(url: string, file: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'import', file, '--url', url, '--poll', '50', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** recordIds come from the seed, and an id already applied is skipped: each test writes its own seed. Tests run
 * side by side, so one that reads figures back imports SKUs of its own prefix. */
async function generated(name: string, seed: number, extra: { gzip?: boolean; layout?: 'legacy'; skuPrefix?: string } = {}): Promise<string> {
  const path = join(dir, name);
  await writeImportFile(path, { skus: 50, locations: 3, seed, ...extra });
  return path;
}

describe.concurrent('oci-emulator import', () => {
  it('imports a generated file through the public flow, exits 0 with the summary, and the records change', async () => {
    const file = await generated('ok.ndjson', 101, { skuPrefix: 'OK' });
    const { code, stdout, stderr } = await importFile(file);
    expect(stderr).not.toMatch(/oci-emulator import:/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^import {4}[0-9a-f-]{36}$/m);
    expect(stdout).toContain('status    COMPLETED_WITHOUT_ERRORS (job COMPLETED, validation Success)');
    expect(stdout).toContain('records   read 150, processed 150, skipped 0');
    expect(stdout).not.toContain('failures');
    // Not a terminal: plain progress lines on stderr, never on stdout.
    expect(stderr).toMatch(/^upload: .* of .*$/m);
    expect(stderr).toMatch(/^import: read 150 of ~150 · processed 150/m);

    const http = supertest(url);
    const token = await tokenFor(http);
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as { sku: string; locationId: string; onHand: number };
    const res = await http
      .post(`/inventory/availability/v1/organizations/${TENANT_GROUP}/availability-records/actions/get-availability`)
      .set('Authorization', `Bearer ${token}`)
      .send({ skus: [first.sku], locations: [first.locationId] });
    expect(res.body.locations[0].records[0]).toMatchObject({ sku: first.sku, onHand: first.onHand });
  });

  it('a gzip file (legacy layout) is declared GZIP and imports', async () => {
    const file = await generated('legacy.ndjson.gz', 102, { gzip: true, layout: 'legacy' });
    const { code, stdout, stderr } = await importFile(file, '--no-progress');
    expect(code).toBe(0);
    expect(stderr).toMatch(/legacy\.ndjson\.gz, .* gzip, ~153 records/);
    expect(stdout).toContain('status    COMPLETED_WITHOUT_ERRORS');
    expect(stdout).toContain('records   read 150, processed 150, skipped 0');
  });

  it('a file with bad lines exits 2 and prints the failures from the result file', async () => {
    const file = await generated('partial.ndjson', 103);
    appendFileSync(file, `${JSON.stringify({ recordId: 'bad-1', sku: 'bad sku', locationId: 'WH-0001', onHand: 1 })}\nnot json\n`);
    const { code, stdout } = await importFile(file);
    expect(code).toBe(2);
    expect(stdout).toContain('status    COMPLETED_WITH_PARTIAL_FAILURES');
    expect(stdout).toContain('records   read 152, processed 150, skipped 2');
    expect(stdout).toContain('failures  2');
    expect(stdout).toContain(`"message":"'sku' Invalid characters in sku: bad sku"`);
    expect(stdout).toMatch(/Line 152: The line is not valid JSON/);
  });

  it('wrong credentials exit 1 with the server’s message', async () => {
    const file = await generated('denied.ndjson', 104);
    const { code, stdout, stderr } = await importFile(file, '--client-secret', 'Not-The-Secret-1!');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/oci-emulator import: token request failed \(401\): Client authentication failed/);
    expect(stderr).not.toContain('Not-The-Secret-1!');
  });

  it('a file over the upload limit exits 1 with the 413 the server sends before reading the body', async () => {
    const small = await createEmulator({ fixtures: { name: 'demo', skus: 50, locations: 3 }, impex: { uploadLimitBytes: 10_000 } });
    try {
      const file = await generated('too-big.ndjson', 106);
      const { code, stderr } = await importTo((await small.listen(0, '127.0.0.1')).url, file);
      expect(code).toBe(1);
      expect(stderr).toMatch(/oci-emulator import: upload failed \(413\): The upload exceeds 10000 bytes/);
    } finally {
      await small.close();
    }
  });

  it('an HTTP error later in the flow exits 1 with its message (a tenant group the token may not use)', async () => {
    const file = await generated('elsewhere.ndjson', 105);
    const { code, stderr } = await importFile(file, '--tenant-group', '00000000-0000-4000-8000-000000000000');
    expect(code).toBe(1);
    expect(stderr).toMatch(/oci-emulator import: initiate import failed \(403\)/);
  });
});
