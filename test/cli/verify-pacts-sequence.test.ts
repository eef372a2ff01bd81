import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Running } from '../helpers/emulator.js';

// Sequence-aware verification: a consumer's interaction names the state "these steps of the documented sequence
// are done" with the steps it expects done before it; verify-pacts passes it where they are, fails it with the
// sequence checker's report where one was skipped, and refuses an unknown step name as bad input.

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(ROOT, 'bin/oci-emulator.js');
const PACTS = join(ROOT, 'test/fixtures/pacts/sequence');
const TIMEOUT = 120_000;

function verify(...args: string[]): Promise<{ code: number | null; out: string }> {
  const { OCI_EMULATOR_ADMIN_TOKEN: _unused, ...env } = process.env;
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'verify-pacts', ...args], { cwd: ROOT, env: { ...env, PACT_DO_NOT_TRACK: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => done({ code, out }));
  });
}

let beforeTrust: Running;
beforeAll(async () => {
  beforeTrust = await startEmulator({ fixtures: 'before-trust', clock: 'real' });
});
afterAll(() => beforeTrust.close());

describe.concurrent('verify-pacts with the steps a consumer expects done', { timeout: TIMEOUT }, () => {
  it('passes where they are done (the demo world has trust established)', async () => {
    const { code, out } = await verify(join(PACTS, 'expects-trust.json'));
    expect(code, out).toBe(0);
  });

  it('fails with the sequence checker’s report where the client skipped one', async () => {
    const { code, out } = await verify(join(PACTS, 'expects-trust.json'), '--url', beforeTrust.url);
    expect(code, out).toBe(1);
    expect(out).toContain('the consumer expects trust.established done before this interaction');
    expect(out).toMatch(/trust\.established\s+not done/);
    expect(out).toContain('Expected steps NOT done: trust.established');
  });

  it('refuses an unknown step name before anything runs (exit 2)', async () => {
    const { code, out } = await verify(join(PACTS, 'expects-unknown-step.json'));
    expect(code, out).toBe(2);
    expect(out).toContain("names unknown steps 'trust.establised'");
  });
});
