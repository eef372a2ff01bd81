// Typed-array columns, the storage of the big tables (location records, the change feed, staged imports): grown by
// copying, and written to the store as base64 of their bytes.

export type Column = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** The column with room for `capacity` entries: itself when it has it, else a larger copy. */
export function grown<T extends Column>(column: T, capacity: number): T {
  if (column.length >= capacity) return column;
  const next = new (column.constructor as new (n: number) => T)(capacity);
  next.set(column);
  return next;
}

/** Entries `from` to `to` (exclusive) as base64 of their bytes. */
export function columnBase64(column: Column, from: number, to: number): string {
  const size = column.BYTES_PER_ELEMENT;
  return Buffer.from(column.buffer, column.byteOffset + from * size, (to - from) * size).toString('base64');
}

/** The decoded bytes in a fresh, aligned ArrayBuffer, ready to view as a typed array. */
export function columnBytes(text: string): ArrayBuffer {
  const buf = Buffer.from(text, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
}
