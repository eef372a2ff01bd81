import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/well-known.js';
import { basic, integration, admin } from '../helpers/emulator.js';
import { tempFolders } from '../helpers/temp.js';
import { namespaceOnDisk } from '../helpers/disk.js';

// The real command line, as a user runs it: banner, persistence across restarts, the lock, graceful shutdown.

const BIN = resolve(fileURLToPath(new URL('../../bin/oci-emulator.js', import.meta.url)));
const children: ChildProcess[] = [];
const temp = tempFolders('oci-emu-cli');
afterEach(async () => {
  const running = children.splice(0).filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(running.map((c) => new Promise((gone) => c.once('exit', gone).kill('SIGKILL'))));
});
afterAll(temp.cleanup);

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const p = run(['start', '--port', '0', '--log-level', 'warn', ...args], env);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const m = /listening\s+(http:\/\/\S+)/.exec(p.output());
    if (m) return { ...p, url: m[1]! };
    if (p.child.exitCode !== null) throw new Error(`exited early: ${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no banner: ${p.output()}`);
}

async function adminBearer(url: string): Promise<string> {
  const res = await fetch(`${url}/dwsso/oauth2/access_token`, {
    method: 'POST',
    headers: { Authorization: basic(admin.id, admin.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
}

async function createClient(url: string, name: string): Promise<string> {
  const res = await fetch(`${url}/dw/rest/v1/apiclients`, {
    method: 'POST',
    headers: { Authorization: await adminBearer(url), 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, organizations: ['0e5c0d1a-2b3c-4d5e-8f60-000000000001'], password: 'Persisted-Client-1!' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const tempData = () => temp.file();

describe('oci-emulator start', () => {
  it('prints a banner, keeps state across a graceful restart, and keeps its signing key', async () => {
    const data = tempData();
    const first = await start(['--data', data]);
    expect(first.output()).toContain(`data        ${data}`);
    expect(first.output()).toContain(integration.id);
    expect(first.output()).toContain(integration.secret);
    expect(first.output()).toMatch(/new world from fixtures "demo"/);
    const health = await fetch(`${first.url}/__emulator/health`);
    expect(((await health.json()) as { ready: boolean }).ready).toBe(true);
    const id = await createClient(first.url, 'survives-restart');
    const kid = ((await (await fetch(`${first.url}/dwsso/oauth2/connect/jwk_uri`)).json()) as { keys: { kid: string }[] }).keys[0]!.kid;
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(readdirSync(join(data, '..'))).not.toContain('state.json.lock');

    const second = await start(['--data', data]);
    expect(second.output()).toContain('restored from the data file');
    const res = await fetch(`${second.url}/dw/rest/v1/apiclients/${id}`, { headers: { Authorization: await adminBearer(second.url) } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('survives-restart');
    const kid2 = ((await (await fetch(`${second.url}/dwsso/oauth2/connect/jwk_uri`)).json()) as { keys: { kid: string }[] }).keys[0]!.kid;
    expect(kid2).toBe(kid);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('a data file keeps its world: the banner and health name it, reset returns to it, a typed --fixtures naming another is refused', async () => {
    const data = tempData();
    const first = await start(['--data', data, '--fixtures', 'before-trust']);
    expect(first.output()).toContain('new world from fixtures "before-trust" (seed 1)');
    expect(first.output()).toContain(DEMO.accountManager.ocapiClient.id);
    expect(first.output()).toContain(DEMO.accountManager.ocapiClient.secret);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const refused = run(['start', '--port', '0', '--data', data, '--fixtures', 'demo']);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain(`${data} already holds a world, built from fixtures "before-trust" (seed 1)`);
    expect(refused.output()).toMatch(/fixtures "demo" \(seed 1\) would not be loaded/);
    expect(refused.output()).toMatch(/--memory/);
    expect(refused.output()).not.toMatch(/listening/);

    const again = await start(['--data', data]);
    expect(again.output()).toContain('restored from the data file: the world built from fixtures "before-trust" (seed 1)');
    const fixtureNow = async () => ((await (await fetch(`${again.url}/__emulator/health`)).json()) as { fixture: unknown }).fixture;
    expect(await fixtureNow()).toEqual({ name: 'before-trust', seed: 1 });
    expect((await fetch(`${again.url}/__emulator/reset`, { method: 'POST' })).status).toBe(200);
    expect(await fixtureNow()).toEqual({ name: 'before-trust', seed: 1 });
  });

  it('refuses a second process on the same data file with a clear message', async () => {
    const data = tempData();
    const first = await start(['--data', data]);
    const second = run(['start', '--port', '0', '--data', data]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(new RegExp(`is in use by another emulator: pid ${first.child.pid}\\b`));
    expect(second.output()).toMatch(/If that process is not an emulator, delete \S+\.lock and start again\./);
    if (process.platform === 'linux') expect(second.output()).toMatch(new RegExp(`pid ${first.child.pid} \\(.*oci-emulator\\.js start .*, started \\d{4}-`));
    expect((await fetch(`${first.url}/__emulator/health`)).status).toBe(200);
  });

  it('with --durable, an acknowledged change is already on disk', async () => {
    const data = tempData();
    const emu = await start(['--data', data, '--durable', '--flush-delay', '60000']);
    const id = await createClient(emu.url, 'durable-client');
    expect(JSON.stringify(await namespaceOnDisk(data, 'account-manager'))).toContain(id);
  });

  it('honours PORT and refuses a non-loopback host without an admin token', async () => {
    const viaEnv = await start(['--memory'], { PORT: '0' });
    expect(viaEnv.output()).toContain('memory (nothing is kept)');
    const exposed = run(['start', '--memory', '--port', '0', '--host', '0.0.0.0']);
    expect(await exposed.exited).toBe(1);
    expect(exposed.output()).toMatch(/admin token/);
  });

  it('rejects bad options with a message', async () => {
    const bad = run(['start', '--clock', 'sideways']);
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toMatch(/sideways/);
    const enforcement = run(['start', '--memory', '--enforcement', 'relaxed']);
    expect(await enforcement.exited).not.toBe(0);
    expect(enforcement.output()).toMatch(/relaxed/);
  });

  it('--enforcement lenient starts lenient (strict by default); the control plane shows and switches it', async () => {
    const lenient = await start(['--memory', '--enforcement', 'lenient']);
    try {
      const shown = await (await fetch(`${lenient.url}/__emulator/enforcement`)).json();
      expect(shown).toEqual({ enforcement: 'lenient' });
      const put = await fetch(`${lenient.url}/__emulator/enforcement`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enforcement: 'strict' }) });
      expect(await put.json()).toEqual({ enforcement: 'strict' });
    } finally {
      lenient.child.kill('SIGTERM');
      await lenient.exited;
    }
    const strict = await start(['--memory']);
    try {
      expect(await (await fetch(`${strict.url}/__emulator/enforcement`)).json()).toEqual({ enforcement: 'strict' });
    } finally {
      strict.child.kill('SIGTERM');
      await strict.exited;
    }
  });
});
