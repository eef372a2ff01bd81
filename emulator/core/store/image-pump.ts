import type { ImageWriter } from './backend.js';

// Writes an image in slices: frames are made for at most SLICE_MS (or SLICE_BYTES) at a time, then written while
// the event loop serves requests. A world of a million records is persisted without any request waiting for it
// longer than one slice.

const SLICE_MS = 8;
const SLICE_BYTES = 8 * 1024 * 1024;

export interface ImageJob {
  readonly ns: string;
  /** The image carries changes that are in no log: whoever waits for those changes waits for it. */
  readonly carrying: boolean;
  aborted: boolean;
  done: Promise<void>;
}

/** Pumps `frames` into `writer` and commits; an aborted job stops at its next slice and leaves no image. */
export async function pump(job: ImageJob, frames: Iterator<Buffer>, writer: ImageWriter): Promise<void> {
  try {
    for (;;) {
      const started = performance.now();
      const batch: Buffer[] = [];
      let bytes = 0;
      let finished = false;
      while (!job.aborted && performance.now() - started < SLICE_MS && bytes < SLICE_BYTES) {
        const next = frames.next();
        if (next.done) {
          finished = true;
          break;
        }
        batch.push(next.value);
        bytes += next.value.length;
      }
      if (job.aborted) break;
      await writer.write(batch);
      if (finished) break;
      // Let waiting requests run before the next slice even when the write completed at once.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (job.aborted) await writer.abort();
    else await writer.commit();
  } catch (error) {
    await writer.abort().catch(() => undefined);
    throw error;
  }
}
