import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Where impex files live: uploads as received, result files and export files, one folder per tenant group.
// With a data file they sit beside it (`<stem>.files/`) and survive a restart with the jobs that name them;
// in memory they go to a private temporary folder, made when the first file needs it and removed at close (or,
// should the process exit without closing, on its way out). Files never enter the store: a 100 MB upload would
// otherwise be rewritten with every flush.

export type FileRole = 'upload' | 'result' | 'export';

/** Private folders of file areas not closed yet, removed if the process exits first. */
const openTemporary = new Set<string>();
let exitHook = false;

function removeOnExit(root: string): void {
  openTemporary.add(root);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const dir of openTemporary) rmSync(dir, { recursive: true, force: true });
  });
}

export class FileArea {
  readonly #given: string | undefined;
  #root: string | undefined;
  readonly #made = new Set<string>();

  constructor(root?: string) {
    this.#given = root;
    if (root) {
      mkdirSync(root, { recursive: true });
      this.#root = root;
    }
  }

  /** The folder of every file, made on first use when the area is a private temporary one. */
  get root(): string {
    if (this.#root === undefined) {
      this.#root = mkdtempSync(join(tmpdir(), 'oci-emulator-files-'));
      removeOnExit(this.#root);
    }
    return this.#root;
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
    this.#made.clear();
    if (this.#root === undefined) return;
    rmSync(this.#root, { recursive: true, force: true });
    mkdirSync(this.#root, { recursive: true });
  }

  close(): void {
    if (this.#given !== undefined || this.#root === undefined) return;
    rmSync(this.#root, { recursive: true, force: true });
    openTemporary.delete(this.#root);
    this.#root = undefined;
    this.#made.clear();
  }
}
