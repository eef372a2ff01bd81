import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { TextFile } from 'lowdb/node';
import type { SnapshotDocument, SnapshotInfo, StoreBackend } from './backend.js';
import { FileLock } from './lock.js';
import { info } from './memory-backend.js';

// Layout beside the data file (`--data .emulator/state.json`):
//   state.json              manifest: format and the list of namespaces
//   state.d/<ns>.json       one file per namespace (system, each tenant group, each instance…)
//   state.snapshots/<n>.json named snapshots
//   state.<name>.json       sidecars that outlive resets (the token signing key)
//   state.json.lock         owner of the data file
// Every file is written through lowdb's TextFile adapter: temp file + rename, so a reader never sees half a file.

const FORMAT = 'oci-b2c-emulator/state@1';

interface Manifest {
  format: string;
  savedAt: string;
  namespaces: string[];
}

export class FileBackend implements StoreBackend {
  readonly kind = 'file' as const;
  readonly persistent = true;
  readonly location: string;
  readonly #dir: string;
  readonly #stem: string;
  readonly #lock: FileLock;
  readonly #durable: boolean;
  readonly #files = new Map<string, TextFile>();

  constructor(dataFile: string, options: { durable?: boolean } = {}) {
    this.location = resolve(dataFile);
    this.#dir = dirname(this.location);
    this.#stem = basename(this.location, extname(this.location));
    this.#lock = new FileLock(`${this.location}.lock`);
    this.#durable = options.durable ?? false;
  }

  acquire(): void {
    mkdirSync(this.#dir, { recursive: true });
    this.#lock.acquire(this.location);
  }

  release(): void {
    this.#lock.release();
  }

  async load(): Promise<Map<string, unknown>> {
    const data = new Map<string, unknown>();
    const manifestText = await this.#file(this.location).read();
    if (manifestText === null) return data;
    const manifest = parse<Manifest>(manifestText, this.location);
    if (manifest.format !== FORMAT) {
      throw new Error(`${this.location} is not an oci-b2c-emulator state file (format ${JSON.stringify(manifest.format)})`);
    }
    for (const ns of manifest.namespaces) {
      const path = this.#namespacePath(ns);
      const text = await this.#file(path).read();
      if (text !== null) data.set(ns, parse(text, path));
    }
    return data;
  }

  async write(changes: Map<string, string | undefined>, allNamespaces: string[]): Promise<void> {
    mkdirSync(join(this.#dir, `${this.#stem}.d`), { recursive: true });
    const written: string[] = [];
    // Namespace files first, manifest last: a crash in between leaves the previous manifest pointing at whole files.
    await Promise.all(
      [...changes].map(async ([ns, text]) => {
        if (text === undefined) return;
        const path = this.#namespacePath(ns);
        await this.#file(path).write(text);
        written.push(path);
      }),
    );
    const manifest: Manifest = { format: FORMAT, savedAt: new Date().toISOString(), namespaces: [...allNamespaces].sort() };
    await this.#file(this.location).write(`${JSON.stringify(manifest, null, 2)}\n`);
    written.push(this.location);
    await Promise.all([...changes].filter(([, t]) => t === undefined).map(([ns]) => rm(this.#namespacePath(ns), { force: true })));
    if (this.#durable) await Promise.all(written.map(fsyncFile));
  }

  async saveSnapshot(doc: SnapshotDocument): Promise<void> {
    mkdirSync(this.#snapshotDir(), { recursive: true });
    await this.#file(this.#snapshotPath(doc.name)).write(JSON.stringify(doc));
  }

  async loadSnapshot(name: string): Promise<SnapshotDocument | undefined> {
    const path = this.#snapshotPath(name);
    const text = await this.#file(path).read();
    return text === null ? undefined : parse<SnapshotDocument>(text, path);
  }

  async listSnapshots(): Promise<SnapshotInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.#snapshotDir());
    } catch {
      return [];
    }
    const docs = await Promise.all(
      names.filter((n) => n.endsWith('.json')).map(async (n) => parse<SnapshotDocument>(await readFile(join(this.#snapshotDir(), n), 'utf8'), n)),
    );
    return docs.map(info).sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteSnapshot(name: string): Promise<boolean> {
    const path = this.#snapshotPath(name);
    const existed = (await this.#file(path).read()) !== null;
    await rm(path, { force: true });
    this.#files.delete(path);
    return existed;
  }

  sidecarPath(name: string): string {
    return join(this.#dir, `${this.#stem}.${name}.json`);
  }

  #file(path: string): TextFile {
    let file = this.#files.get(path);
    if (!file) {
      file = new TextFile(path);
      this.#files.set(path, file);
    }
    return file;
  }

  #namespacePath(ns: string): string {
    return join(this.#dir, `${this.#stem}.d`, `${ns}.json`);
  }

  #snapshotDir(): string {
    return join(this.#dir, `${this.#stem}.snapshots`);
  }

  #snapshotPath(name: string): string {
    return join(this.#snapshotDir(), `${name}.json`);
  }
}

function parse<T>(text: string, path: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); refusing to start rather than overwrite it`);
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
