import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPacts as verifyPactsInProcess, type VerifyPactsResult } from '../../emulator/cli/pact/verify.js';
import { KNOWN_PROVIDERS } from '../../emulator/cli/pact/catalogue.js';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { tempFolders } from '../helpers/temp.js';

// `oci-emulator verify-pacts`, run as a user runs it (its own process, its exit code): pacts a separate consumer
// project wrote (test/fixtures/pacts) against an emulator the command starts or one given with --url, malformed
// input, an emulator that is not there, and every pact committed in contracts/pacts through the HTTP-only states.

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ENTRY = join(ROOT, 'test/cli/verify-pacts-entry.ts');
const FIXTURES = join(ROOT, 'test/fixtures/pacts');
const GOOD = join(FIXTURES, 'good/acme-stock-sync-oci-availability.json');
const MISMATCH = join(FIXTURES, 'mismatch/acme-stock-sync-oci-availability.json');
const malformed = (name: string) => join(FIXTURES, 'malformed', name);
const COMMITTED = join(ROOT, 'contracts/pacts');
const ADMIN_TOKEN = 'verify-pacts-test-admin-token';
const TIMEOUT = 120_000;

/** The parts of a V4 HTTP interaction a test rewrites. */
interface PactInteraction {
  description: string;
  providerStates?: unknown;
  response: { body: { content: { locations: { records: { onHand: number }[] }[] } }; matchingRules: { body: Record<string, unknown> } };
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function verifyPacts(...args: string[]): Promise<Outcome> {
  // The admin token comes only from --admin-token here, never from the environment the tests run in.
  const { OCI_EMULATOR_ADMIN_TOKEN: _unused, ...env } = process.env;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'verify-pacts', ...args], {
      cwd: ROOT,
      env: { ...env, PACT_DO_NOT_TRACK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

const temp = tempFolders('oci-emu-verify-pacts');
let running: Running;
let guarded: Running;
let empty: Running;
beforeAll(async () => {
  [running, guarded, empty] = await Promise.all([startEmulator(), startEmulator({ adminToken: ADMIN_TOKEN }), startEmulator({ fixtures: 'empty' })]);
});
afterAll(async () => {
  await Promise.all([running?.close(), guarded?.close(), empty?.close()]);
  temp.cleanup();
});

describe.concurrent('oci-emulator verify-pacts', { timeout: TIMEOUT }, () => {
  it('verifies a consumer project’s pact against an emulator it starts for the run: exit 0 and a summary', async () => {
    const { code, stdout, stderr } = await verifyPacts(GOOD);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^verified {2}provider oci-availability: 2 interactions$/m);
    expect(stdout).toContain('consumer acme-stock-sync, 2 interactions (test/fixtures/pacts/good/acme-stock-sync-oci-availability.json)');
    expect(stdout).toMatch(/^all verified against an emulator started for the run \(http:\/\/127\.0\.0\.1:\d+\)$/m);
    // Pact's own report goes to stderr, apart from the summary.
    expect(stderr).toContain('a batch-update of two stock counts');
    expect(stdout).not.toContain('Verifying a pact between');
  });

  it('verifies against a running emulator given with --url, whose world the states build over HTTP', async () => {
    running.emulator.journal.clear();
    const { code, stdout, stderr } = await verifyPacts(GOOD, '--url', running.url, '--json');
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as VerifyPactsResult;
    expect(result).toMatchObject({ url: running.url, inProcess: false, verified: true, providers: [{ provider: 'oci-availability', verified: true, interactions: 2 }] });
    // The run reached this emulator: the last interaction's state reset it (clearing the journal) and asked for the
    // demo SKUs it promises, then the interaction asked for SKU-0003: two get-availability requests since the reset.
    expect(running.emulator.journal.query({ path: '/__emulator/reset' })).toHaveLength(1);
    expect(running.emulator.journal.query({ path: '*get-availability', status: 200 })).toHaveLength(2);
  });

  it('sends --admin-token to an emulator whose control plane needs one, and says so when it is missing', async () => {
    const passed = await verifyPacts(GOOD, '--url', guarded.url, '--admin-token', ADMIN_TOKEN);
    expect(passed.code, passed.stderr).toBe(0);
    const refused = await verifyPacts(GOOD, '--url', guarded.url);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`oci-emulator verify-pacts: The emulator at ${guarded.url} requires its admin token for the control plane: pass --admin-token`);
  });

  it('gives an interaction that names no provider state the fixture world, not what the one before left', async () => {
    // The batch-update (verified first: Pact keeps the file's order) sets SKU-0003 at WH-WEST to 25; the stateless
    // get-availability after it expects the demo world's 184, exactly.
    const pact = JSON.parse(readFileSync(GOOD, 'utf8')) as { interactions: PactInteraction[] };
    const read = pact.interactions.find((i) => i.description.startsWith('a get-availability'))!;
    delete read.providerStates;
    read.response.body.content.locations[0]!.records[0]!.onHand = 184;
    read.response.matchingRules.body['$.locations[0].records[*].onHand'] = { combine: 'AND', matchers: [{ match: 'equality' }] };
    const file = join(temp.dir(), 'stateless.json');
    writeFileSync(file, JSON.stringify(pact));
    const { code, stdout, stderr } = await verifyPacts(file);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
  });

  it('fails a pact that expects what the emulator does not send: exit 1, naming the interaction and the mismatch', async () => {
    const { code, stdout } = await verifyPacts(MISMATCH);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAILED {4}provider oci-availability: 2 interactions$/m);
    expect(stdout).toContain('Verifying a pact between acme-stock-sync and oci-availability Given the demo inventory world - a get-availability request for SKU-0003 at WH-WEST');
    expect(stdout).toMatch(/- BodyMismatch at \$\.locations\[0\]\.records\[0\]: .*warehouseZone/);
    expect(stdout).toContain('1 of 1 providers failed (oci-availability)');
    // The other interaction still verified: only the one mismatch is reported.
    expect(stdout).not.toContain('a batch-update of two stock counts');
  });

  it('fails with the provider state that could not be set up, and why, when the world lacks what it needs', async () => {
    const { code, stdout } = await verifyPacts(GOOD, '--url', empty.url);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAILED {4}provider oci-availability/m);
    expect(stdout).toContain(
      `provider state "the demo inventory world" could not be set up: the emulator's world document lists no credentials for a client with the Salesforce Commerce API role`,
    );
  });

  it('reports the mismatch in JSON with --json, and nothing else on stdout', async () => {
    const { code, stdout } = await verifyPacts(MISMATCH, '--json');
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as VerifyPactsResult;
    expect(result.verified).toBe(false);
    expect(result.providers[0]).toMatchObject({ provider: 'oci-availability', verified: false, pacts: [{ consumer: 'acme-stock-sync', file: MISMATCH, interactions: 2 }] });
    expect(result.providers[0]!.failure).toMatch(/warehouseZone/);
  });

  it.each([
    ['a file that is not JSON', [malformed('not-json.json')], /not-json\.json is not a pact the emulator can verify: it is not JSON \(/],
    ['a pact without a provider', [malformed('missing-provider.json')], /missing-provider\.json is not a pact the emulator can verify: provider\.name is missing/],
    [
      'a provider the emulator does not play',
      [malformed('unknown-provider.json')],
      new RegExp(`unknown-provider\\.json: the emulator does not play the provider "warehouse-robot" \\(consumer acme-stock-sync\\); it plays ${KNOWN_PROVIDERS.join(', ')}`),
    ],
    [
      'a provider state the emulator cannot set up',
      [malformed('unknown-state.json')],
      /names the provider state "the warehouse robot restocked WH-WEST", which the emulator cannot set up for oci-availability\. Its known states are:\n {2}- the demo inventory world\n/,
    ],
    ['a folder without pact files', [FIXTURES], /no pact files found in .*test\/fixtures\/pacts: it holds no \*\.json file/],
    ['a path that does not exist', [join(FIXTURES, 'nowhere.json')], /cannot read .*nowhere\.json: no such file or folder/],
    ['--provider naming a provider the emulator does not play', [GOOD, '--provider', 'warehouse-robot'], /--provider warehouse-robot: the emulator does not play that provider; it plays account-manager/],
    ['--provider naming none of the pacts’ providers', [GOOD, '--provider', 'oci-impex'], /none of the 1 pact files is for provider oci-impex; they are for oci-availability/],
  ])('refuses %s with exit 2 and says why', async (_what, args, message) => {
    const { code, stdout, stderr } = await verifyPacts(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^oci-emulator verify-pacts: /);
    expect(stderr).toMatch(message);
  });

  it('gives the input error as JSON too with --json', async () => {
    const { code, stdout } = await verifyPacts(malformed('unknown-provider.json'), '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ verified: false, exitCode: 2, error: expect.stringContaining('warehouse-robot') });
  });

  it('exits 3 when nothing answers at --url, and when what answers is not an emulator', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end('not here'));
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const foreign = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const notEmulator = await verifyPacts(GOOD, '--url', foreign);
      expect(notEmulator.code).toBe(3);
      expect(notEmulator.stderr).toContain(`${foreign}/__emulator/health answered 404 without the emulator's health document: is ${foreign} an oci-emulator?`);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
    // The same port, now closed: nothing answers.
    const nobody = await verifyPacts(GOOD, '--url', foreign);
    expect(nobody.code).toBe(3);
    expect(nobody.stderr).toContain(`oci-emulator verify-pacts: No emulator answers at ${foreign}: ECONNREFUSED`);
  });

  it('verifyPacts takes the enforcement mode for the run and gives the running emulator its own back', async () => {
    const own = await startEmulator();
    try {
      const result = await verifyPactsInProcess({ files: [GOOD], url: own.url, enforcement: 'lenient', logLevel: 'error' });
      expect(result).toMatchObject({ verified: true, inProcess: false });
      // Set before the first state, put back after the last one (whose reset cleared the journal before it).
      expect(own.emulator.enforcement.mode).toBe('strict');
      expect(own.emulator.journal.query({ type: 'emulator.enforcement' }).map((e) => (e.kind === 'event' ? e.data : undefined))).toEqual([{ enforcement: 'strict' }]);
    } finally {
      await own.close();
    }
  });

  it('verifies every pact committed in contracts/pacts through the provider states built over HTTP', async () => {
    const pacts = committedPacts();
    const { code, stdout, stderr } = await verifyPacts(pacts.dir, '--json');
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    const result = JSON.parse(stdout) as VerifyPactsResult;
    const verifiedFiles = result.providers.flatMap((p) => p.pacts.map((pact) => pact.file)).sort();
    expect(verifiedFiles).toEqual(pacts.files);
    expect(result.providers.filter((p) => !p.verified)).toEqual([]);
  });
});

/**
 * The committed pacts, copied to a folder of this test's own: the contract tests running beside it (other
 * processes) delete and rewrite contracts/pacts while they run, so the folder itself may be caught half-written.
 * Read from git's HEAD when there is one, else copied from the folder.
 */
function committedPacts(): { dir: string; files: string[] } {
  const dir = temp.dir();
  let names: string[];
  try {
    names = execFileSync('git', ['ls-files', 'contracts/pacts'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.json'));
    for (const name of names) writeFileSync(join(dir, basename(name)), execFileSync('git', ['show', `HEAD:${name}`], { cwd: ROOT }));
  } catch {
    names = readdirSync(COMMITTED).filter((f) => f.endsWith('.json'));
    for (const name of names) writeFileSync(join(dir, name), readFileSync(join(COMMITTED, name)));
  }
  return { dir, files: names.map((name) => join(dir, basename(name))).sort() };
}
