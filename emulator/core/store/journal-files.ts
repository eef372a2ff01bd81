import { open, readFile, rename, rm, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ImageWriter } from './backend.js';
import { seal, unseal } from './frames.js';

// The files of journaled namespaces: images written to a temporary name and renamed when whole, logs appended
// to. Both hold sealed frames (frames.ts), so a log cut short by a crash is read up to its last whole frame.

/** Appends frames to a log file; with `sync`, returns only once they are on disk. Answers the bytes written. */
export async function appendFrames(path: string, frames: readonly Buffer[], sync: boolean): Promise<number> {
  const sealed = seal(frames);
  const handle = await open(path, 'a');
  try {
    let bytes = 0;
    for (const b of sealed) bytes += b.length;
    await handle.writev(sealed);
    if (sync) await handle.datasync();
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Reads the whole frames of a file; a torn tail is cut off the file so later appends follow whole frames. */
export async function readFrames(path: string, options: { repair: boolean }): Promise<{ frames: Buffer[]; bytes: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { frames: [], bytes: 0 };
    throw error;
  }
  const { frames, validBytes } = unseal(bytes);
  if (validBytes < bytes.length && options.repair) await truncate(path, validBytes);
  return { frames, bytes: validBytes };
}

/** An image being written: frames go to `<path>.tmp`; commit makes it durable (when asked) and renames it. */
export function imageFile(path: string, options: { sync: boolean; onCommit: (bytes: number) => Promise<void>; onAbort: () => void }): ImageWriter {
  const temp = `${path}.tmp`;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let bytes = 0;
  let ended = false;
  const close = async () => {
    const h = handle;
    handle = undefined;
    await h?.close();
  };
  return {
    async write(frames) {
      if (ended) return;
      handle ??= await open(temp, 'w');
      const sealed = seal(frames);
      for (const b of sealed) bytes += b.length;
      await handle.writev(sealed);
    },
    async commit() {
      if (ended) return;
      ended = true;
      handle ??= await open(temp, 'w');
      if (options.sync) await handle.sync();
      await close();
      await rename(temp, path);
      if (options.sync) await syncDirectory(dirname(path));
      await options.onCommit(bytes);
    },
    async abort() {
      if (ended) return;
      ended = true;
      await close().catch(() => undefined);
      await rm(temp, { force: true });
      options.onAbort();
    },
  };
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
