import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Vitest global setup: the whole run gets a temporary folder of its own (TMPDIR, TMP and TEMP point into it, so
// test files, emulators in them and the CLI processes they start all make their temporary files there), and
// anything left in it at the end fails the run. A folder of its own keeps the check exact while test files run
// in parallel and other runs share the machine's temporary folder.

/** Caches tools keep in the temporary folder on purpose (tsx compiles there). */
const TOOL_CACHES = /^(tsx-\d+|node-compile-cache|v8-compile-cache.*)$/;

const VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function setup(): () => void {
  const saved = VARIABLES.map((name) => [name, process.env[name]] as const);
  const runDir = mkdtempSync(join(tmpdir(), 'oci-emu-test-run-'));
  for (const name of VARIABLES) process.env[name] = runDir;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const left = readdirSync(runDir).filter((name) => !TOOL_CACHES.test(name));
    rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    if (left.length > 0) {
      // Vitest reports an error thrown here but still exits 0: the exit code is set as well.
      process.exitCode = 1;
      throw new Error(`The tests left ${left.length} temporary folder(s) or file(s) behind: ${left.sort().join(', ')}`);
    }
  };
}
