import { fileURLToPath } from 'node:url';
import { spawnServer, waitIdle, type ChildServer } from './child-process.js';
import { sendOnce } from './http.js';
import { sleep } from './json-client.js';

// The emulator as users run it: the CLI in its own process, with a data file unless told `--memory`.

const BIN = fileURLToPath(new URL('../../bin/oci-emulator.js', import.meta.url));

export type ChildEmulator = ChildServer;

export interface ChildEmulatorOptions {
  /** Node's own flags (`--cpu-prof`, `--max-old-space-size=…`), placed before the script. */
  nodeArgs?: readonly string[];
}

/** `oci-emulator start --port 0 --log-level warn …args`; resolves once it listens. */
export function startChildEmulator(args: readonly string[], options: ChildEmulatorOptions = {}): Promise<ChildEmulator> {
  return spawnServer([...(options.nodeArgs ?? []), BIN, 'start', '--port', '0', '--log-level', 'warn', ...args]);
}

const SAVED_MAX_MS = 120_000;

/**
 * Waits until the emulator has no write pending (its health says so: a save may be deferred for seconds after
 * the last change, so a quiet CPU alone does not mean it is done) and then until it is idle.
 */
export async function settleEmulator(emulator: ChildEmulator): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < SAVED_MAX_MS) {
    const health = await sendOnce(emulator.url, { method: 'GET', path: '/__emulator/health', headers: {} });
    const pending = health.status === 200 && (JSON.parse(health.body.toString('utf8')) as { store?: { pendingWrites?: boolean } }).store?.pendingWrites;
    if (pending !== true) break;
    await sleep(100);
  }
  await waitIdle(emulator);
}
