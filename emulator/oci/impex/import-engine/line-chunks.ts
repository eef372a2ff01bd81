import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

// Reads a file (inflating it on the way when gzip) as chunks of whole lines, each about `targetBytes`, without
// decoding them: splitting at the last newline byte is all the reading thread does, so decoding and parsing can
// happen elsewhere. A line that grows past `maxLineBytes` without a newline is dropped as it streams in and comes
// out as one TOO_LONG marker in its place, so a one-line 2 GB file costs one read buffer.

export const TOO_LONG = Symbol('line over the length limit');
export type LineChunk = Uint8Array | typeof TOO_LONG;

export interface ChunkOptions {
  gzip: boolean;
  targetBytes?: number;
  /** A line longer than this in bytes is dropped. */
  maxLineBytes: number;
}

const NEWLINE = 10;

export async function* wholeLineChunks(path: string, options: ChunkOptions): AsyncGenerator<LineChunk> {
  const target = options.targetBytes ?? 1 << 20;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const source: Readable = options.gzip ? file.pipe(createGunzip({ chunkSize: 256 * 1024 })) : file;
  if (options.gzip) file.on('error', (error) => source.destroy(error));
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let first = true;
  try {
    for await (let chunk of source as AsyncIterable<Buffer>) {
      if (first) {
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        first = false;
      }
      if (skipping) {
        const nl = chunk.indexOf(NEWLINE);
        if (nl < 0) continue;
        skipping = false;
        yield TOO_LONG;
        chunk = chunk.subarray(nl + 1);
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < target) continue;
      const nl = chunk.lastIndexOf(NEWLINE);
      if (nl < 0) {
        // No line ends in this chunk: the line in progress may be over the limit.
        const lineBytes = pendingBytes - lastLineStart(pending);
        if (lineBytes > options.maxLineBytes) {
          const whole = wholeLinesOf(pending);
          if (whole) yield whole;
          pending = [];
          pendingBytes = 0;
          skipping = true;
        }
        continue;
      }
      yield concat(pending, pendingBytes - (chunk.length - nl - 1));
      const rest = chunk.subarray(nl + 1);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
    }
    if (skipping) yield TOO_LONG;
    else if (pendingBytes > 0) {
      const lineBytes = pendingBytes - lastLineStart(pending);
      if (lineBytes > options.maxLineBytes) {
        const whole = wholeLinesOf(pending);
        if (whole) yield whole;
        yield TOO_LONG;
      } else yield concat(pending, pendingBytes);
    }
  } finally {
    file.destroy();
    source.destroy();
  }
}

/** Where the last (unfinished) line starts, counted from the start of the pending bytes. */
function lastLineStart(pending: Buffer[]): number {
  let offset = 0;
  let start = 0;
  for (const piece of pending) {
    const nl = piece.lastIndexOf(NEWLINE);
    if (nl >= 0) start = offset + nl + 1;
    offset += piece.length;
  }
  return start;
}

/** The complete lines among the pending bytes (everything up to the last newline), or undefined when none. */
function wholeLinesOf(pending: Buffer[]): Uint8Array | undefined {
  const end = lastLineStart(pending);
  if (end === 0) return undefined;
  return concat(pending, end);
}

/** The first `bytes` bytes of the pieces, copied into one buffer of their own (it may be transferred). */
function concat(pieces: Buffer[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const piece of pieces) {
    if (at >= bytes) break;
    const take = Math.min(piece.length, bytes - at);
    out.set(take === piece.length ? piece : piece.subarray(0, take), at);
    at += take;
  }
  return out;
}
