import { crc32 } from 'node:zlib';
import { parseState } from '../objects.js';

// Frames: the unit a journaled namespace is written in (core/store/journaled.ts). A frame is a small JSON header
// followed by binary parts (typed-array columns travel as their bytes, never as base64 or numbers in JSON):
//   [u32 header length][header JSON][part 0][part 1]…   (the header's `n` lists the parts' lengths)
// The length's top bit says the header holds dictionaries keyed by user ids: they are read back without a
// prototype (parseState). Headers without them are read with plain JSON.parse, which is several times faster.
// On disk each frame is sealed with its length and a CRC-32, so a file cut short by a crash is read up to its
// last whole frame and no further:
//   [u32 frame length][u32 crc32 of the frame][frame]

export interface FrameHeader {
  /** What the frame does (each journaled type has its own vocabulary). */
  op: string;
  [field: string]: unknown;
}

export interface Frame {
  header: FrameHeader;
  parts: Buffer[];
}

const SEAL = 8;
const DICTIONARIES = 0x8000_0000;

/** Builds a frame from a header and binary parts (typed arrays are taken as their bytes, not copied twice). */
export function frame(header: FrameHeader, ...parts: ArrayBufferView[]): Buffer {
  return build(header, parts, false);
}

/** A frame whose header holds dictionaries keyed by user ids (read back null-prototype). */
export function dictionaryFrame(header: FrameHeader, ...parts: ArrayBufferView[]): Buffer {
  return build(header, parts, true);
}

function build(header: FrameHeader, parts: ArrayBufferView[], dictionaries: boolean): Buffer {
  const bytes = parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  const head = Buffer.from(JSON.stringify(parts.length > 0 ? { ...header, n: bytes.map((b) => b.length) } : header), 'utf8');
  const out = Buffer.allocUnsafe(4 + head.length + bytes.reduce((n, b) => n + b.length, 0));
  out.writeUInt32LE((head.length | (dictionaries ? DICTIONARIES : 0)) >>> 0, 0);
  head.copy(out, 4);
  let at = 4 + head.length;
  for (const b of bytes) at += b.copy(out, at);
  return out;
}

/** Reads a frame built by `frame`. Parts are views of `bytes` (copy them before keeping them beyond the buffer). */
export function readFrame(bytes: Buffer): Frame {
  const word = bytes.readUInt32LE(0);
  const headLength = word & ~DICTIONARIES;
  const text = bytes.toString('utf8', 4, 4 + headLength);
  // Dictionaries come back without a prototype: an id such as `__proto__` stays an ordinary key.
  const header = ((word & DICTIONARIES) !== 0 ? parseState(text) : JSON.parse(text)) as FrameHeader & { n?: number[] };
  const parts: Buffer[] = [];
  let at = 4 + headLength;
  for (const n of header.n ?? []) {
    parts.push(bytes.subarray(at, at + n));
    at += n;
  }
  delete header.n;
  return { header, parts };
}

/** The frames sealed for a file, as one buffer per frame pair (seal, frame), ready for a gathered write. */
export function seal(frames: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const f of frames) {
    const head = Buffer.allocUnsafe(SEAL);
    head.writeUInt32LE(f.length, 0);
    head.writeUInt32LE(crc32(f), 4);
    out.push(head, f);
  }
  return out;
}

/**
 * The whole frames of a file's bytes, in order, and how many bytes they cover: a torn or corrupt tail (a crash in
 * the middle of an append) ends the reading there.
 */
export function unseal(bytes: Buffer): { frames: Buffer[]; validBytes: number } {
  const frames: Buffer[] = [];
  let at = 0;
  while (at + SEAL <= bytes.length) {
    const length = bytes.readUInt32LE(at);
    const end = at + SEAL + length;
    if (end > bytes.length) break;
    const body = bytes.subarray(at + SEAL, end);
    if (crc32(body) !== bytes.readUInt32LE(at + 4)) break;
    frames.push(body);
    at = end;
  }
  return { frames, validBytes: at };
}

/** A typed array over a part's bytes, copied into its own aligned buffer. */
export function float64s(part: Buffer): Float64Array<ArrayBuffer> {
  return new Float64Array(aligned(part));
}

export function int32s(part: Buffer): Int32Array<ArrayBuffer> {
  return new Int32Array(aligned(part));
}

export function uint32s(part: Buffer): Uint32Array<ArrayBuffer> {
  return new Uint32Array(aligned(part));
}

function aligned(part: Buffer): ArrayBuffer {
  return part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength) as ArrayBuffer;
}

/**
 * A list of strings: joined by newlines (after an 'L') when none holds one, which splits back several times faster
 * than JSON; else as a JSON array (after a 'J').
 */
export function strings(values: readonly string[], from = 0, to = values.length): Buffer {
  const list = from === 0 && to === values.length ? values : values.slice(from, to);
  const joined = list.join('\n');
  let newlines = 0;
  for (let at = joined.indexOf('\n'); at >= 0; at = joined.indexOf('\n', at + 1)) newlines++;
  if (list.length > 0 && newlines === list.length - 1) return Buffer.from(`L${joined}`, 'utf8');
  return Buffer.from(`J${JSON.stringify(list)}`, 'utf8');
}

export function readStrings(part: Buffer): string[] {
  const text = part.toString('utf8');
  if (text.length === 0) return [];
  if (text[0] === 'L') return text.slice(1).split('\n');
  const values = JSON.parse(text.slice(1)) as unknown;
  if (!Array.isArray(values)) throw new Error('a journal frame holds a malformed string list');
  return values as string[];
}
