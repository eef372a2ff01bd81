import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Where impex files live: uploads as received, result files and export files, one folder per tenant group.
// With a data file they sit beside it (`<stem>.files/`) and survive a restart with the jobs that name them;
// in memory they go to a private temporary folder removed at close. Files never enter the store: a 100 MB
// upload would otherwise be rewritten with every flush.

export type FileRole = 'upload' | 'result' | 'export';

export class FileArea {
  readonly root: string;
  readonly #owned: boolean;
  readonly #made = new Set<string>();

  constructor(root?: string) {
    if (root) {
      mkdirSync(root, { recursive: true });
      this.root = root;
      this.#owned = false;
    } else {
      this.root = mkdtempSync(join(tmpdir(), 'oci-emulator-files-'));
      this.#owned = true;
    }
  }

  /** The path of a job's file; its folder exists once this returns. */
  path(tenantGroupId: string, jobId: string, role: FileRole): string {
    const dir = join(this.root, encodeURIComponent(tenantGroupId));
    if (!this.#made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.#made.add(dir);
    }
    return join(dir, `${encodeURIComponent(jobId)}.${role}`);
  }

  exists(path: string): boolean {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  }

  async remove(tenantGroupId: string, jobId: string): Promise<void> {
    await Promise.all((['upload', 'result', 'export'] as const).map((role) => rm(this.path(tenantGroupId, jobId, role), { force: true })));
  }

  /** Every file of every tenant group (the store was replaced wholesale). */
  clear(): void {
    rmSync(this.root, { recursive: true, force: true });
    mkdirSync(this.root, { recursive: true });
    this.#made.clear();
  }

  close(): void {
    if (this.#owned) rmSync(this.root, { recursive: true, force: true });
  }
}
