import { existsSync } from 'node:fs';
import { REFERENCE_FOLDERS } from './reference.js';

// Vitest global setup: one line per absent reference folder for the whole run (the test files, each in its own
// process, stay silent about it).

export default function setup(): void {
  for (const folder of REFERENCE_FOLDERS) {
    if (!existsSync(folder.path)) process.stderr.write(`[reference] ${folder.path} is absent: ${folder.skipped} are skipped\n`);
  }
}
