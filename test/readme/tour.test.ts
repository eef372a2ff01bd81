import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolders } from '../helpers/temp.js';
import { anchor, headings, links, section, shellBlocks } from './markdown.js';

// The README's five-minute tour, its walk from B2C to Omnichannel Inventory and the trust walk, run as a newcomer
// runs them: every ```sh block under the heading, in order, in one bash session, with curl, against the real
// command line's emulator (in memory, on a free port). Only the `B=` line changes (to that port; the Phase 4 walk
// runs after the tour's first block, which sets it), and `npx oci-emulator` runs this checkout's command (the
// test's folder is not the checkout). Any command that fails, or any answer that is not the one the README
// promises, fails the test: the README cannot drift from the server.

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = resolve(ROOT, 'bin/oci-emulator.js');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const TRUST = readFileSync(resolve(ROOT, 'docs/trust.md'), 'utf8');
const PHASE4 = readFileSync(resolve(ROOT, 'docs/oci-integration.md'), 'utf8');
const DEFAULT_URL = 'http://127.0.0.1:8787';

const temp = tempFolders('oci-emu-readme');
let emulator: ChildProcess | undefined;
let url: string;

beforeAll(async () => {
  const child = spawn(process.execPath, [BIN, 'start', '--memory', '--port', '0', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  emulator = child;
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /listening\s+(http:\/\/\S+)/.exec(out);
    if (m) {
      url = m[1]!;
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the emulator did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  if (emulator && emulator.exitCode === null) {
    const exited = new Promise((done) => emulator!.once('exit', done));
    emulator.kill('SIGTERM');
    await exited;
  }
  temp.cleanup();
});

interface Walk {
  /** What each block printed (stdout and stderr together). */
  outputs: string[];
}

/**
 * Runs the blocks in one bash session in a fresh folder; throws with the failing block and its output. With
 * `httpErrorsFail` an HTTP error status fails its command, as a newcomer would read it.
 */
async function walk(blocks: string[], options: { httpErrorsFail: boolean; setup?: string[] }): Promise<Walk> {
  const prelude = [
    'set -euo pipefail',
    'exec 2>&1',
    `trap 'echo "@@ exit status $? of: $BASH_COMMAND"' ERR`,
    `curl() { command curl ${options.httpErrorsFail ? '--fail-with-body ' : ''}--show-error --max-time 20 "$@"; }`,
    `npx() { if [ "\${1:-}" = oci-emulator ]; then shift; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"; else echo "npx $1: not part of the tour"; return 1; fi; }`,
  ];
  const script = [...prelude, ...(options.setup ?? []), ...blocks.flatMap((block, i) => [`printf '\\n@@block ${i}\\n'`, block])].join('\n');
  const child = spawn('bash', ['-c', script], {
    cwd: temp.dir(),
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const status = await new Promise<number | null>((done) => child.once('exit', done));
  const parts = out.split(/^@@block \d+$/m).slice(1);
  if (status !== 0) {
    const failed = Math.max(parts.length - 1, 0);
    throw new Error(`block ${failed} exited ${status}:\n${blocks[failed] ?? '(before the first block)'}\n--- output ---\n${parts[failed] ?? out}`);
  }
  expect(parts).toHaveLength(blocks.length);
  return { outputs: parts.map((p) => p.trim()) };
}

/** The one block whose commands match `command`, and what it printed. */
function step(blocks: string[], result: Walk, command: RegExp): string {
  const found = blocks.map((b, i) => [b, i] as const).filter(([b]) => command.test(b));
  expect(found.map(([b]) => b), `exactly one block runs ${command}`).toHaveLength(1);
  return result.outputs[found[0]![1]]!;
}

/** Points the blocks at the started emulator: the one `B=` line of the page gets its URL. */
function pointed(blocks: string[]): string[] {
  const assignments = blocks.flatMap((b) => b.split('\n')).filter((line) => /^B=/.test(line));
  expect(assignments).toHaveLength(1);
  return blocks.map((b) => b.replace(/^B=.*$/m, `B=${url}`));
}

describe('the README', () => {
  const tour = shellBlocks(section(README, 'Five-minute tour'));

  it('is short, has a table of contents that resolves, and links only into this repository', () => {
    // Short: what it is, the two commands, the tour and the Phase 4 walk (both run below); the rest is in docs/.
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(15_000);
    const anchors = new Set(headings(README).map(anchor));
    const contents = links(section(README, 'Contents'));
    expect(contents.length).toBeGreaterThanOrEqual(5);
    for (const target of contents) expect(anchors, target).toContain(target.replace(/^#/, ''));
    for (const target of links(README)) {
      const [path, fragment] = target.split('#');
      if (!path) continue;
      expect(path, 'a link out of the repository').not.toMatch(/^\.\.\//);
      const file = resolve(ROOT, path);
      expect(existsSync(file), target).toBe(true);
      if (fragment && file.endsWith('.md')) expect(headings(readFileSync(file, 'utf8')).map(anchor), target).toContain(fragment);
    }
    expect(README).not.toMatch(/\.\.\/shared|\bissues?\b|this session|last session|a later issue|next issues/i);
  });

  it('the pages in docs/ link only to files and headings that exist, with no session-history wording', () => {
    const pages = readdirSync(resolve(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    expect(pages.length).toBeGreaterThanOrEqual(8);
    for (const page of pages) {
      const text = readFileSync(resolve(ROOT, 'docs', page), 'utf8');
      expect(text, page).not.toMatch(/this session|last session|later issues?|next issues?|emulator-behaviour\.md/i);
      for (const target of links(text)) {
        const [path, fragment] = target.split('#');
        const file = path ? resolve(ROOT, 'docs', path) : resolve(ROOT, 'docs', page);
        expect(existsSync(file), `${page}: ${target}`).toBe(true);
        if (fragment && file.endsWith('.md')) expect(headings(readFileSync(file, 'utf8')).map(anchor), `${page}: ${target}`).toContain(fragment);
      }
    }
  });

  it('says B is the URL npm start listens on, and every tour command goes through $B', () => {
    expect(tour[0]).toMatch(new RegExp(`^B=${DEFAULT_URL}$`, 'm'));
    expect(tour.slice(1).join('\n')).not.toContain('127.0.0.1');
  });

  it('walks the five-minute tour: each command succeeds and answers what the tour says', async () => {
    const blocks = pointed(tour);
    const result = await walk(blocks, { httpErrorsFail: true });
    expect(step(blocks, result, /access_token \| json access_token\)\necho/)).toMatch(/^ey[\w-]{22}…$/m);
    const availability = JSON.parse(step(blocks, result, /"locations": \["WH-EAST"\]/));
    expect(availability.locations[0]).toMatchObject({ id: 'WH-EAST', records: [{ sku: 'SKU-0001', onHand: 133 }] });
    expect(availability.groups[0]).toMatchObject({ id: 'US-ONLINE', records: [{ sku: 'SKU-0001', reserved: 0 }] });
    const [counted, reserved, after] = step(blocks, result, /batch-update/).split('\n');
    expect(counted).toBe('204');
    expect(JSON.parse(reserved!)).toMatchObject({ success: true, groups: [{ id: 'US-ONLINE', details: [{ sku: 'SKU-0001', quantity: 2 }] }] });
    expect(JSON.parse(after!).groups[0].records[0]).toMatchObject({ sku: 'SKU-0001', reserved: 2, groupReserved: 2 });
    expect(step(blocks, result, /"CANCELLED"/)).toBe('204');
    const imported = step(blocks, result, /availability-records\/imports/).split('\n');
    expect(JSON.parse(imported[0]!)).toHaveProperty('uploadLinkExpirationUTC');
    expect(JSON.parse(imported.at(-1)!)).toMatchObject({ status: 'COMPLETED', import: { recordsProcessedCount: 1 } });
    expect(step(blocks, result, /npx oci-emulator import/)).toMatch(/COMPLETED_WITHOUT_ERRORS/);
    expect(JSON.parse(step(blocks, result, /\/s\/-\/dw\/data/))).toMatchObject({ _type: 'inventory_list', id: 'US-ONLINE' });
    const [events, reset] = step(blocks, result, /__emulator\/reset/).split('\n');
    expect(JSON.parse(events!).entries.map((e: { type: string }) => e.type)).toEqual(['oci.reservation.created', 'oci.reservation.cancelled']);
    expect(JSON.parse(reset!)).toMatchObject({ reset: 'all' });
  });
});

describe('the trust walk (docs/trust.md)', () => {
  it('runs in a before-trust world: refused before, Established after, and the same token then reads OCI', async () => {
    const start = shellBlocks(TRUST).find((b) => b.startsWith('npx oci-emulator start'));
    expect(start).toMatch(/--memory --fixtures before-trust/);
    expect((await fetch(`${url}/__emulator/fixtures`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": "before-trust"}' })).status).toBe(200);
    const json = shellBlocks(section(README, 'Five-minute tour'))[0]!.split('\n').filter((line) => line.startsWith('json()'));
    expect(json).toHaveLength(1);
    const blocks = pointed(shellBlocks(section(TRUST, 'Walk it')));
    // The walk shows a refusal on purpose (before trust), so HTTP errors are read from the answers here.
    const result = await walk(blocks, { httpErrorsFail: false, setup: json });
    expect(result.outputs[0]).toMatch(/"errorCode":"TenantNotProvisioned"/);
    expect(result.outputs).toHaveLength(3);
    const steps = result.outputs[1]!.split('\n');
    expect(steps.find((line) => line.includes('"subject"'))).toMatch(/Omnichannel Inventory-B2C Commerce Integration is ready/);
    expect(steps.find((line) => line.includes('"trustRequest"') && line.includes('"actions"'))).toMatch(/"actions":\["Allow","Deny"\]/);
    expect(steps.find((line) => line.includes('"establishedAt"'))).toMatch(/"status":"Established"/);
    expect(JSON.parse(steps.at(-1)!).locations.length).toBeGreaterThan(0);
    // The checker's verdict on the walk (the block would fail on its exit code 1 otherwise).
    expect(result.outputs[2]).toMatch(/Integration zzzz_001 .*: followed/);
    expect(result.outputs[2]).toMatch(/trust\.allowed\s+done\s+\S+\s+6e3f6f0a-0c1e-4c2b-9d7e-0000000000c1/);
  });
});

describe('the walk from B2C to Omnichannel Inventory (docs/oci-integration.md)', () => {
  it('fills the OCI cache of the demo world, shows a record from it, refuses an OCAPI write in OCI mode, and turns it off', async () => {
    expect((await fetch(`${url}/__emulator/fixtures`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": "demo"}' })).status).toBe(200);
    const text = section(PHASE4, 'Walk it');
    expect(text, 'every command goes through $B').not.toContain('127.0.0.1');
    const blocks = shellBlocks(text);
    expect(blocks).toHaveLength(3);
    // The tour's first block: B (pointed at this emulator), TG and json.
    const setup = pointed(shellBlocks(section(README, 'Five-minute tour'))).slice(0, 1);
    // The walk shows a refused OCAPI write on purpose, so HTTP errors are read from the answers here.
    const result = await walk(blocks, { httpErrorsFail: false, setup });

    const [shown, cached, leaving] = result.outputs as [string, string, string];
    expect(JSON.parse(shown)).toMatchObject({ mode: { value: 'B2C', label: 'Commerce Platform Inventory' }, switchTo: [{ value: 'OCI_CACHE' }], linkedTenantGroup: '8c5e2d14-7b3a-4f61-9d2e-0c1e00000001' });

    expect(cached.split('\n')[0]).toBe("{ value: 'OCI_CACHE', label: 'OCI Cache Enabled' }");
    expect(cached.match(/status: 'complete'/g)).toHaveLength(3);
    expect(cached).not.toMatch(/status: '(pending|importing|error)'/);
    const record = JSON.parse(cached.split('\n').at(-1)!);
    expect(record).toMatchObject({ inventoryListId: 'STORE-BOS', productId: 'SKU-0005', mode: 'OCI_CACHE', servedFrom: 'native', native: null });
    const { oci } = record;
    expect(oci.oci.futures.length, 'the record the README shows has futures').toBeGreaterThan(0);
    expect(oci).toMatchObject({ ats: oci.oci.ato, stockLevel: oci.oci.atf, allocation: oci.oci.onHand - oci.oci.safetyStockCount, backorderable: true });
    expect(oci.ociFutureQuantity).toBe(oci.oci.futures.reduce((n: number, f: { quantity: number }) => n + f.quantity, 0));

    const lines = leaving.split('\n');
    expect(lines[0]).toBe("{ value: 'OCI', label: 'Omnichannel Inventory' }");
    expect(JSON.parse(lines[1]!).fault).toMatchObject({ type: 'ProductInventoryRecordReadOnlyException', arguments: { productId: { value: 'SKU-0005' }, inventoryListId: { value: 'STORE-BOS' } } });
    expect(lines[2]).toBe('403');
    expect(lines.at(-1)).toBe("{ value: 'B2C', label: 'Commerce Platform Inventory' }");

    const journal = (await (await fetch(`${url}/__emulator/journal?kind=event&type=b2c.*`)).json()) as { entries: { type: string }[] };
    const types = journal.entries.map((e: { type: string }) => e.type).filter((t: string) => t.startsWith('b2c.mode.') || t.startsWith('b2c.cache.'));
    expect(types.filter((t: string) => t.startsWith('b2c.mode.'))).toEqual(['b2c.mode.oci_cache', 'b2c.mode.oci', 'b2c.mode.b2c']);
    expect(types.filter((t: string) => t === 'b2c.cache.complete')).toHaveLength(3);
  });
});

describe('the storefront walk (README)', () => {
  it('sells SKU-0001 to a guest with curl, then again with commerce-sdk, unchanged but for the URL', async () => {
    expect((await fetch(`${url}/__emulator/fixtures`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": "demo"}' })).status).toBe(200);
    const text = section(README, 'Shop as a storefront');
    expect(text, 'every command goes through $B').not.toMatch(/127\.0\.0\.1(?!:8787\/\$\{path\})/);
    const setup = pointed(shellBlocks(section(README, 'Five-minute tour'))).slice(0, 1);
    const result = await walk(shellBlocks(text), { httpErrorsFail: true, setup });
    // `json inventory` prints the object as node shows it; the order's status is the last line.
    const lines = result.outputs[0]!.split('\n');
    expect(lines.slice(0, -1).join(' ')).toMatch(/id: 'US-ONLINE'.*ats: 10.*orderable: true/s);
    expect(lines.at(-1)).toBe('created');

    const js = /```js\n([\s\S]*?)```/.exec(text)![1]!;
    expect(js).toContain('http://127.0.0.1:8787/');
    // Beside the checkout's node_modules, so `commerce-sdk` resolves as it would in a project that installed it.
    const file = resolve(ROOT, 'node_modules/.cache/readme-sdk-walk.mjs');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, js.replace('http://127.0.0.1:8787/', `${url}/`));
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    expect(await new Promise((done) => child.once('exit', done)), out).toBe(0);
    expect(out.trim()).toBe('created');
  });
});
