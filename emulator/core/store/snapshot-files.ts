import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseState } from '../objects.js';
import type { SnapshotInfo } from './backend.js';
import { frame, readFrame, seal, unseal } from './frames.js';
import { syncDirectory } from './journal-files.js';

// Named snapshots on disk, one file of sealed frames each (`<name>.snapshot`): a header frame, then each
// namespace's frames (store.ts writes and reads the vocabulary). Snapshots written by earlier versions as one JSON
// document (`<name>.json`) are still read, turned into the same frames.

export interface SnapshotHeader {
  op: 'snapshot';
  name: string;
  createdAt: string;
  clockAt: string;
  namespaces: number;
}

export class SnapshotFiles {
  readonly #dir: string;
  readonly #sync: boolean;

  constructor(dir: string, sync: boolean) {
    this.#dir = dir;
    this.#sync = sync;
  }

  async save(name: string, frames: readonly Buffer[]): Promise<void> {
    mkdirSync(this.#dir, { recursive: true });
    const path = join(this.#dir, `${name}.snapshot`);
    const handle = await open(`${path}.tmp`, 'w');
    try {
      const sealed = seal(frames);
      // A gathered write takes at most IOV_MAX buffers at a time.
      for (let i = 0; i < sealed.length; i += 1024) await handle.writev(sealed.slice(i, i + 1024));
      if (this.#sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(`${path}.tmp`, path);
    if (this.#sync) await syncDirectory(this.#dir);
    await rm(join(this.#dir, `${name}.json`), { force: true });
  }

  async load(name: string): Promise<Buffer[] | undefined> {
    const path = join(this.#dir, `${name}.snapshot`);
    const bytes = await readOrUndefined(path);
    if (bytes) {
      const { frames, validBytes } = unseal(bytes);
      if (validBytes !== bytes.length) throw new Error(`snapshot ${name} is damaged (${path})`);
      return frames;
    }
    const legacy = await readOrUndefined(join(this.#dir, `${name}.json`));
    return legacy ? legacyFrames(legacy.toString('utf8')) : undefined;
  }

  async list(): Promise<SnapshotInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return [];
    }
    const infos = new Map<string, SnapshotInfo>();
    for (const file of names) {
      const name = file.replace(/\.(snapshot|json)$/, '');
      if (name === file || infos.has(name)) continue;
      const first = file.endsWith('.snapshot') ? await firstFrame(join(this.#dir, file)) : (await this.load(name).catch(() => undefined))?.[0];
      const head = first ? (readFrame(first).header as unknown as SnapshotHeader) : undefined;
      if (head?.op === 'snapshot') infos.set(name, { name: head.name, createdAt: head.createdAt, clockAt: head.clockAt, namespaces: head.namespaces });
    }
    return [...infos.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async delete(name: string): Promise<boolean> {
    let existed = false;
    for (const file of [`${name}.snapshot`, `${name}.json`]) {
      const path = join(this.#dir, file);
      if (await readOrUndefined(path)) existed = true;
      await rm(path, { force: true });
    }
    return existed;
  }
}

/** An earlier version's snapshot document, as this version's frames (every namespace plain JSON). */
function legacyFrames(text: string): Buffer[] {
  const doc = parseState<{ name: string; createdAt: string; clockAt: string; namespaces: Record<string, unknown> }>(text);
  const names = Object.keys(doc.namespaces);
  const frames = [frame({ op: 'snapshot', name: doc.name, createdAt: doc.createdAt, clockAt: doc.clockAt, namespaces: names.length })];
  for (const ns of names) frames.push(frame({ op: 'json', ns }, Buffer.from(JSON.stringify(doc.namespaces[ns]), 'utf8')));
  return frames;
}

/** The header frame alone, without reading the namespaces behind it. */
async function firstFrame(path: string): Promise<Buffer | undefined> {
  const handle = await open(path, 'r');
  try {
    const seal = Buffer.alloc(8);
    await handle.read(seal, 0, 8, 0);
    const length = seal.readUInt32LE(0);
    if (length > 1 << 20) return undefined;
    const bytes = Buffer.alloc(8 + length);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    return unseal(bytes.subarray(0, bytesRead)).frames[0];
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
