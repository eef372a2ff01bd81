import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { tempFolders } from '../helpers/temp.js';

// `oci-emulator fixtures import-file`, spawned as a user runs it; the files are read back line by line.

const BIN = resolve(fileURLToPath(new URL('../../bin/oci-emulator.js', import.meta.url)));
const temp = tempFolders('oci-emu-fixtures');
afterAll(temp.cleanup);
const dir = temp.dir();

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

const lines = (path: string) => {
  const raw = readFileSync(path);
  const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
};

describe.concurrent('oci-emulator fixtures import-file', () => {
  it('writes skus × locations high-performance records with the world’s SKUs and locations', async () => {
    const out = join(dir, 'hp.ndjson');
    const { code, stdout } = await run(['fixtures', 'import-file', '--skus', '25', '--locations', '3', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${out}: 75 records`);
    expect(stdout).toContain('matches the world of: oci-emulator start --skus 25 --locations 3');
    const records = lines(out);
    expect(records).toHaveLength(75);
    expect(new Set(records.map((r) => r.locationId))).toEqual(new Set(['WH-0001', 'WH-0002', 'STORE-0003']));
    expect(records[0]).toMatchObject({ sku: 'SKU-0001', locationId: 'WH-0001' });
    expect(records.at(-1)).toMatchObject({ sku: 'SKU-0025', locationId: 'STORE-0003' });
    expect(new Set(records.map((r) => r.recordId)).size).toBe(75);
  });

  it('writes the legacy layout: a header per location, then its records; the demo four by default', async () => {
    const out = join(dir, 'legacy.ndjson');
    const { code, stdout } = await run(['fixtures', 'import-file', '--skus', '10', '--layout', 'legacy', '--seed', '3', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('40 records');
    const all = lines(out);
    const headers = all.filter((l) => l.mode !== undefined);
    expect(headers).toEqual(['WH-EAST', 'WH-WEST', 'STORE-BOS', 'STORE-DEN'].map((location) => ({ location, mode: 'UPDATE' })));
    expect(all.filter((l) => l.recordId !== undefined)).toHaveLength(40);
    expect(all.every((l) => l.locationId === undefined)).toBe(true);
  });

  it('gzips with --gzip (and for an .gz name), counting the records inside', async () => {
    const out = join(dir, 'zipped.data');
    const { code, stdout } = await run(['fixtures', 'import-file', '--skus', '30', '--locations', '2', '--gzip', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/60 records, [\d,]+ bytes \([^)]+\) gzip, [\d,]+ bytes inflated/);
    expect(readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(lines(out)).toHaveLength(60);
    const named = join(dir, 'named.ndjson.gz');
    expect((await run(['fixtures', 'import-file', '--skus', '2', '--out', named])).code).toBe(0);
    expect(readFileSync(named).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('refuses a missing --out and an unwritable path with a message', async () => {
    const noOut = await run(['fixtures', 'import-file', '--skus', '5']);
    expect(noOut.code).not.toBe(0);
    expect(noOut.stderr).toMatch(/--out/);
    const nowhere = await run(['fixtures', 'import-file', '--skus', '5', '--out', join(dir, 'missing', 'x.ndjson')]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/cannot write .*ENOENT/);
  });
});
