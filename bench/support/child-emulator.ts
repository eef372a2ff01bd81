import { fileURLToPath } from 'node:url';
import { spawnServer, type ChildServer } from './child-process.js';

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
