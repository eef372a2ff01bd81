import { open, readdir, readFile, rename, rm, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImageWriter } from './backend.js';
import type { JournalTypes } from './journaled.js';
import { filesOf, type Entry, type JournalEntry } from './manifest.js';
import { seal, unseal } from './frames.js';

// The files of journaled namespaces: images written to a temporary name and renamed when whole, logs appended
// to. Both hold sealed frames (frames.ts), so a log cut short by a crash is read up to its last whole frame.

/**
 * Writes frames to a log from byte `at` (its committed end: whatever a failed batch left past it is overwritten);
 * with `sync`, returns only once they are on disk. Answers the bytes written.
 */
export async function writeFramesAt(path: string, frames: readonly Buffer[], at: number, sync: boolean): Promise<number> {
  const sealed = seal(frames);
  let handle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    handle = await open(path, 'w');
  }
  try {
    let bytes = 0;
    for (const b of sealed) bytes += b.length;
    // A gathered write takes at most IOV_MAX buffers at a time.
    for (let i = 0, pos = at; i < sealed.length; i += 1024) {
      const part = sealed.slice(i, i + 1024);
      await handle.writev(part, pos);
      for (const b of part) pos += b.length;
    }
    if (sync) await handle.datasync();
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * Reads the whole frames of a file up to `limit` bytes (its committed size; the whole file without one). With
 * `repair`, what lies past them (a batch a crash cut off, a torn frame) is cut off the file.
 */
export async function readFrames(path: string, options: { repair: boolean; limit?: number }): Promise<{ frames: Buffer[]; bytes: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { frames: [], bytes: 0 };
    throw error;
  }
  const { frames, validBytes } = unseal(options.limit === undefined ? bytes : bytes.subarray(0, options.limit));
  if (validBytes < bytes.length && options.repair) await truncate(path, validBytes);
  return { frames, bytes: validBytes };
}

/**
 * An image being written: frames go to `<path>.tmp`; `finish` makes it whole on disk (synced when asked) under its
 * own name, and the backend names it in the manifest (`onCommit`, or as part of a batch's commit).
 */
export function imageFile(path: string, options: { sync: boolean; onCommit: (bytes: number) => Promise<void> }): ImageWriter & { readonly bytes: number; readonly finished: boolean } {
  const temp = `${path}.tmp`;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let bytes = 0;
  let state: 'writing' | 'finished' | 'ended' = 'writing';
  const close = async () => {
    const h = handle;
    handle = undefined;
    await h?.close();
  };
  const writer = {
    get bytes() {
      return bytes;
    },
    get finished() {
      return state === 'finished';
    },
    async write(frames: readonly Buffer[]) {
      if (state !== 'writing') return;
      handle ??= await open(temp, 'w');
      const sealed = seal(frames);
      for (const b of sealed) bytes += b.length;
      for (let i = 0; i < sealed.length; i += 1024) await handle.writev(sealed.slice(i, i + 1024));
    },
    async finish() {
      if (state !== 'writing') return;
      handle ??= await open(temp, 'w');
      if (options.sync) await handle.sync();
      await close();
      await rename(temp, path);
      if (options.sync) await syncDirectory(dirname(path));
      state = 'finished';
    },
    async commit() {
      await writer.finish();
      if (state !== 'finished') return;
      state = 'ended';
      await options.onCommit(bytes);
    },
    async abort() {
      if (state === 'ended') return;
      const was = state;
      state = 'ended';
      await close().catch(() => undefined);
      await rm(was === 'finished' ? path : temp, { force: true });
    },
  };
  return writer;
}

/** Makes a rename in the folder durable (the folder's entry list is data too). */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a file's content durable. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A journaled namespace rebuilt from its image and logs (undefined when its type is unknown), with what its
 * writer needs to carry on: the image's size and each log's committed bytes.
 */
export async function readJournal(dir: string, ns: string, entry: JournalEntry, types: JournalTypes, options: { repair: boolean }) {
  const type = types.get(entry.type);
  if (!type) return undefined;
  const frames: Buffer[] = [];
  let imageBytes = 0;
  if (entry.image !== null) {
    const image = await readFrames(join(dir, `${ns}.${entry.image}.image`), { repair: false });
    frames.push(...image.frames);
    imageBytes = image.bytes;
  }
  const committed = new Map<number, number>();
  for (const [i, gen] of entry.logs.entries()) {
    // Up to its committed size: frames of a batch a crash cut off before its commit do not count, and the last
    // log is cut there so later batches write after whole, committed frames.
    const log = await readFrames(join(dir, `${ns}.${gen}.log`), { repair: options.repair && i === entry.logs.length - 1, limit: entry.sizes?.[gen] });
    frames.push(...log.frames);
    committed.set(gen, log.bytes);
  }
  return { value: type.load(frames), imageBytes, committed };
}

const OWN_FILE = /^(.+?)(\.\d+\.(image|log|json)(\.tmp)?|\.json)$/;

/** Removes the files in the namespace folder the manifest does not name: halves of writes a crash interrupted. */
export async function removeLeftovers(dir: string, entries: ReadonlyMap<string, Entry>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const named = new Set([...entries].flatMap(([ns, entry]) => filesOf(ns, entry)));
  const leftovers = names.filter((n) => !named.has(n) && (OWN_FILE.test(n) || n.endsWith('.tmp')));
  await Promise.all(leftovers.map((n) => rm(join(dir, n), { force: true })));
}
