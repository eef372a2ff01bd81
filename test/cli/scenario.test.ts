import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { tempFolders } from '../helpers/temp.js';
import { CATALOG } from '../../scenarios/catalog/index.js';

// `oci-emulator scenario list | run`, spawned as a trainer runs it: the catalog with each lesson; a run that
// writes its JSON and HTML report and exits 0 when it found what the scenario expects; a run against a running
// emulator through --url (with its admin token), which the trainer can watch; bad input 2, no emulator 3.

const BIN = resolve(fileURLToPath(new URL('../../bin/oci-emulator.js', import.meta.url)));
const temp = tempFolders('scenario-cli');

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'scenario', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OCI_EMULATOR_ADMIN_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

let guarded: Running;
beforeAll(async () => {
  guarded = await startEmulator({ adminToken: 'sesame' });
});
afterAll(async () => {
  await guarded.close();
  temp.cleanup();
});

describe('oci-emulator scenario', () => {
  it('lists the catalog, each scenario with its lesson', async () => {
    const res = await cli(['list']);
    expect(res.code).toBe(0);
    for (const s of CATALOG) {
      expect(res.stdout).toContain(s.name);
      expect(res.stdout.replace(/\s+/g, ' ')).toContain(s.lesson.split(' ').slice(0, 12).join(' '));
    }
    const json = JSON.parse((await cli(['list', '--json'])).stdout);
    expect(json.map((s: { name: string }) => s.name)).toEqual(CATALOG.map((s) => s.name));
  });

  it('runs one in-process and writes its JSON and HTML report', async () => {
    const dir = temp.dir();
    const res = await cli(['run', 'pos-lag-safety-stock', '--seed', '7', '--report', dir, '--no-progress']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Without safety stock: \d+ units oversold/);
    expect(res.stdout).toContain('✓ With safety stock 3: nothing oversold');
    const report = JSON.parse(readFileSync(join(dir, 'pos-lag-safety-stock.json'), 'utf8'));
    expect(report.scenario).toMatchObject({ name: 'pos-lag-safety-stock', seed: 7 });
    expect(readFileSync(join(dir, 'pos-lag-safety-stock.html'), 'utf8')).toContain('<svg');
  }, 60_000);

  it('drives a running emulator with --url and its admin token, whose oversell page then shows the run', async () => {
    const dir = temp.dir();
    const res = await cli(['run', 'pos-lag-safety-stock', '--report', dir, '--no-progress', '--url', guarded.url], { OCI_EMULATOR_ADMIN_TOKEN: 'sesame' });
    expect(res.code, res.stderr).toBe(0);
    const page = await guarded.http.get('/__emulator/oversell').set('Authorization', 'Bearer sesame');
    expect(page.status).toBe(200);
    // The last run (with safety stock) is what the emulator holds now: orders, nothing oversold.
    expect(page.body.totals.orders).toBeGreaterThan(0);
    expect(page.body.totals.oversoldUnits).toBe(0);
  }, 60_000);

  it('says what is wrong: an unknown scenario or URL (2), a missing admin token (2), no emulator (3)', async () => {
    const unknown = await cli(['run', 'no-such-story', '--report', temp.dir()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('setup-happy-path');
    expect((await cli(['run', 'pos-lag-safety-stock', '--url', 'ftp://x', '--report', temp.dir()])).code).toBe(2);
    const token = await cli(['run', 'pos-lag-safety-stock', '--url', guarded.url, '--report', temp.dir(), '--no-progress']);
    expect(token.code).toBe(2);
    expect(token.stderr).toContain('--admin-token');
    expect((await cli(['run', 'pos-lag-safety-stock', '--url', 'http://127.0.0.1:9', '--report', temp.dir(), '--no-progress'])).code).toBe(3);
  }, 60_000);
});
