import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Temporary folders a test file makes, removed together when it is done (`afterAll(temp.cleanup)`); the run's
// global check (test/helpers/temp-check.ts) fails the run when anything is left behind.

export interface TempFolders {
  /** A new empty folder under the system's temporary folder. */
  dir(): string;
  /** A path named `name` inside a new empty folder (a data file that does not exist yet, by default). */
  file(name?: string): string;
  /** Removes every folder made so far. */
  cleanup(): void;
}

export function tempFolders(prefix: string): TempFolders {
  const made: string[] = [];
  const dir = () => {
    const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
    made.push(path);
    return path;
  };
  return {
    dir,
    file: (name = 'state.json') => join(dir(), name),
    cleanup: () => {
      for (const path of made.splice(0)) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
