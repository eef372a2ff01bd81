import type { LogLevel } from '@pact-foundation/pact';
import type { EnforcementMode } from '../../core/enforcement.js';
import { EmulatorHttp } from './emulator-http.js';
import { loadPacts } from './pact-files.js';
import { verifyProvider, type ProviderResult } from './provider-verifier.js';

// verifyPacts: a team's own consumer pacts, verified against the emulator as the providers it plays. Without a URL
// it starts an emulator of its own in this process (the world the contract tests verify against: memory store,
// frozen clock, seed 1, demo fixtures) and closes it after; with one, it verifies against that running emulator.
// Every provider state resets the emulator's world first, so a running emulator ends up in the demo world.

/** The instant the contract tests' provider emulator starts at: after every date the demo fixtures hold. */
const CLOCK_START = '2026-03-02T09:00:00.000Z';

export interface VerifyPactsOptions {
  /** Pact files (a folder given here is read like `dir`). */
  files?: readonly string[];
  /** A folder of pact files: its `*.json` files. */
  dir?: string;
  /** A running emulator; without it one is started in this process for the run. */
  url?: string;
  /** The control-plane token of the emulator (its `--admin-token`). */
  adminToken?: string;
  /** How the emulator meets a step out of the documented order while verifying; a running one gets its mode back after. */
  enforcement?: EnforcementMode;
  /** Pact's own log level (default `error`). */
  logLevel?: LogLevel;
  /** Only the pacts of this provider. */
  provider?: string;
}

export interface VerifyPactsResult {
  /** The emulator verified against. */
  url: string;
  inProcess: boolean;
  providers: ProviderResult[];
  /** Whether every provider's pacts verified. */
  verified: boolean;
}

interface Target {
  http: EmulatorHttp;
  close(): Promise<void>;
}

export async function verifyPacts(options: VerifyPactsOptions): Promise<VerifyPactsResult> {
  const groups = await loadPacts([...(options.files ?? []), ...(options.dir === undefined ? [] : [options.dir])], options.provider);
  const target = options.url === undefined ? await inProcessEmulator(options) : await runningEmulator(options.url, options);
  try {
    const providers: ProviderResult[] = [];
    // One provider after another: every state resets the one emulator they share.
    for (const [provider, pacts] of groups) providers.push(await verifyProvider(provider, pacts, target.http, options.logLevel ?? 'error'));
    return { url: target.http.baseUrl, inProcess: options.url === undefined, providers, verified: providers.every((p) => p.verified) };
  } finally {
    await target.close();
  }
}

async function inProcessEmulator(options: VerifyPactsOptions): Promise<Target> {
  // Loaded only when needed: against a running emulator the run needs none of it.
  const { createEmulator } = await import('../../index.js');
  const emulator = await createEmulator({
    store: 'memory',
    clock: { mode: 'frozen', start: CLOCK_START },
    seed: 1,
    fixtures: 'demo',
    ...(options.enforcement ? { enforcement: options.enforcement } : {}),
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
  });
  try {
    const { url } = await emulator.listen(0, '127.0.0.1');
    return { http: new EmulatorHttp(url, options.adminToken), close: () => emulator.close() };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

async function runningEmulator(url: string, options: VerifyPactsOptions): Promise<Target> {
  const http = new EmulatorHttp(url, options.adminToken);
  await http.probe();
  if (!options.enforcement) return { http, close: async () => {} };
  const { enforcement: before } = await http.control<{ enforcement: EnforcementMode }>('GET', '/enforcement');
  await http.control('PUT', '/enforcement', { enforcement: options.enforcement });
  return { http, close: async () => void (await http.control('PUT', '/enforcement', { enforcement: before })) };
}
