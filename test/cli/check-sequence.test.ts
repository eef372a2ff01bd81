import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { prepareAll, startWalk, type Walk } from '../sequence/walk.js';

// `oci-emulator check-sequence`, spawned as CI runs it, against emulators in this process: exit 0 only when the
// documented sequence was followed, 1 when not, 2 for bad input, 3 when nothing answers.

const BIN = resolve(fileURLToPath(new URL('../../bin/oci-emulator.js', import.meta.url)));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'check-sequence', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OCI_EMULATOR_ADMIN_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

let followed: Walk;
let lenient: Walk;
let guarded: Running;
beforeAll(async () => {
  [followed, lenient, guarded] = await Promise.all([startWalk('strict'), startWalk('lenient'), startEmulator({ adminToken: 'sesame' })]);
  // The guide in order, the storefront offline for the switch.
  await prepareAll(followed);
  expect((await followed.setMode('OCI_CACHE')).status).toBe(200);
  await followed.catchUp();
  await followed.setSiteStatus('maintenance');
  expect((await followed.setMode('OCI')).status).toBe(200);
  // Lenient lets trust be requested before the integration's e-mail: out of order.
  await lenient.turnOnIntegration(false);
  expect((await lenient.requestTrust()).status).toBe(201);
}, 60_000);
afterAll(() => Promise.all([followed.close(), lenient.close(), guarded.close()]));

describe.concurrent('oci-emulator check-sequence', () => {
  it('exits 0 and prints the table when the guide was followed', async () => {
    const { code, stdout } = await cli(['--url', followed.run.url]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Integration zzzz_001 .*: followed/);
    expect(stdout).toMatch(/trust\.established\s+done/);
  });

  it('--json prints the report; --strict still passes with no recommendation gone against', async () => {
    const { code, stdout } = await cli(['--url', followed.run.url, '--json', '--strict']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'followed', against: 0 });
  });

  it('exits 1 naming the step out of order and what it lacked', async () => {
    const { code, stdout } = await cli(['--url', lenient.run.url]);
    expect(code).toBe(1);
    expect(stdout).toContain('NOT FOLLOWED');
    expect(stdout).toMatch(/trust\.requested\s+OUT OF ORDER/);
    expect(stdout).toContain('trust.requested: done before org.b2c-integration.provisioned (lenient mode let it through)');
  });

  it('exits 1 on a world not walked yet, and 0 through a step it did reach', async () => {
    expect((await cli(['--url', guarded.url, '--admin-token', 'sesame'])).code).toBe(1);
    const through = await cli(['--url', guarded.url, '--admin-token', 'sesame', '--through', 'trust.established']);
    expect(through.code, through.stdout + through.stderr).toBe(0);
  });

  it('exits 1 when an expected step is missing, listing it', async () => {
    const { code, stdout } = await cli(['--url', guarded.url, '--admin-token', 'sesame', '--through', 'trust.established', '--expect', 'b2c.mode.oci']);
    expect(code).toBe(1);
    expect(stdout).toContain('Expected steps NOT done: b2c.mode.oci');
  });

  it('--strict fails on a recommendation gone against (the storefront online at the switch)', async () => {
    const online = await startWalk('strict');
    try {
      await prepareAll(online);
      await online.setMode('OCI_CACHE');
      await online.catchUp();
      expect((await online.setMode('OCI')).status).toBe(200);
      expect((await cli(['--url', online.run.url])).code).toBe(0);
      const strict = await cli(['--url', online.run.url, '--strict']);
      expect(strict.code).toBe(1);
      expect(strict.stdout).toContain('[STOREFRONT_ONLINE]');
    } finally {
      await online.close();
    }
  });

  it.each([
    [['--through', 'trust.establised'], "Unknown step 'trust.establised'"],
    [['--expect', 'b2c.mode.oci,nope'], "Unknown step 'nope'"],
    [['--instance', 'zzzz_999'], "No B2C instance 'zzzz_999'"],
  ])('exits 2 on bad input %j', async (args, message) => {
    const { code, stderr } = await cli(['--url', followed.run.url, ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits 2 on a URL that is not one, 3 when nothing answers, 3 without the admin token', async () => {
    expect((await cli(['--url', 'not a url'])).code).toBe(2);
    const down = await cli(['--url', 'http://127.0.0.1:9']);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach http://127.0.0.1:9');
    const locked = await cli(['--url', guarded.url]);
    expect(locked.code).toBe(3);
    expect(locked.stderr).toMatch(/did not answer as an emulator \(401/);
  });
});
