// JSON written straight into bytes, for answers built on a hot path from typed columns (get-availability): a
// 15 KB answer assembled as strings costs a string per field, a rope of thousands of pieces and then a flatten and
// UTF-8 encode of the whole; written here it is a copy of each fixed fragment and the digits of each number.
// The caller writes the structure (fragments hold the punctuation); this class only knows bytes.

/** The digits of 0…SMALL-1, four bytes apart, and how many each has. */
const SMALL = 10_000;
const SMALL_DIGITS = new Uint8Array(SMALL * 4);
const SMALL_LENGTH = new Uint8Array(SMALL);
for (let n = 0; n < SMALL; n++) {
  const digits = String(n);
  SMALL_LENGTH[n] = digits.length;
  for (let i = 0; i < digits.length; i++) SMALL_DIGITS[n * 4 + i] = digits.charCodeAt(i);
}

/** A fixed piece of JSON (`{"sku":`, `,"atf":`), encoded once. */
export function fragment(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

/**
 * Fragments made from keys that recur (a location's opening, a quoted date), each made once: `make` gives the
 * key's JSON text. At most `kept` are held; past that the memo starts again (the keys are few in practice).
 */
export function fragmentMemo(make: (key: string) => string, kept = 4096): (key: string) => Uint8Array {
  const made = new Map<string, Uint8Array>();
  return (key) => {
    let bytes = made.get(key);
    if (!bytes) {
      if (made.size >= kept) made.clear();
      bytes = fragment(make(key));
      made.set(key, bytes);
    }
    return bytes;
  };
}

/** Punctuation every writer of JSON needs. */
export const COMMA = fragment(',');
export const OPEN_ARRAY = fragment('[');
export const CLOSE_ARRAY = fragment(']');
export const CLOSE_OBJECT = fragment('}');

/**
 * The most bytes putNumber writes. The longest String() of a double is a negative one just above 1e-6 in magnitude,
 * written out in full: "-0.00000" and 17 significant digits, 25 bytes (-1.7976931348623157e+308 is only 24).
 * Buffer.write truncates silently, so this must not be short.
 */
export const MAX_NUMBER_BYTES = 25;

/** Fragments up to this long are copied byte by byte: for them a loop costs less than a call into the engine's copy. */
const SHORT = 16;

/** Copies `bytes` into `buf` at `at`; answers where they end. */
export function put(buf: Buffer, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > SHORT) {
    buf.set(bytes, at);
    return at + n;
  }
  for (let i = 0; i < n; i++) buf[at + i] = bytes[i]!;
  return at + n;
}

/** Writes `n` as JSON.stringify would into `buf` at `at` (room for MAX_NUMBER_BYTES assumed); answers where it ends. */
export function putNumber(buf: Buffer, at: number, n: number): number {
  if (n >= 0 && n < SMALL && Number.isInteger(n)) {
    // Quantities are mostly small: their digits are copied from a table instead of divided out (-0 reads
    // entry 0: JSON.stringify(-0) is "0").
    const length = SMALL_LENGTH[n]!;
    for (let i = 0, from = n * 4; i < length; i++) buf[at++] = SMALL_DIGITS[from + i]!;
    return at;
  }
  return at + buf.write(Number.isFinite(n) ? String(n) : 'null', at, 'latin1');
}

export class JsonBytes {
  #buf: Buffer;
  #at = 0;

  constructor(capacity = 4096) {
    this.#buf = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  /** Copies a fragment (or any UTF-8 bytes). */
  raw(bytes: Uint8Array): this {
    this.#room(bytes.length);
    this.#at = put(this.#buf, this.#at, bytes);
    return this;
  }

  /** A number as JSON.stringify writes it (never NaN here: quantities are validated). */
  number(n: number): this {
    this.#room(MAX_NUMBER_BYTES);
    this.#at = putNumber(this.#buf, this.#at, n);
    return this;
  }

  /** Any text as UTF-8 bytes, unquoted and unescaped: the caller passes JSON text (JSON.stringify's output). */
  utf8(text: string): this {
    this.#room(text.length * 3);
    this.#at += this.#buf.write(text, this.#at, 'utf8');
    return this;
  }

  /**
   * For a burst of small writes (a record's fragments and figures) without a call and a bounds check each: the
   * buffer with room for `n` more bytes, to write with put() and putNumber() from `length`, then commit().
   */
  reserve(n: number): Buffer {
    this.#room(n);
    return this.#buf;
  }

  get length(): number {
    return this.#at;
  }

  /** Starts again from nothing, keeping the buffer (for a writer reused as scratch space). */
  reset(): this {
    this.#at = 0;
    return this;
  }

  /** Ends a burst begun with reserve() (`at`: where its writes ended), or takes back what was written after `at`. */
  commit(at: number): void {
    this.#at = at;
  }

  /** The bytes written (a view over this writer's buffer: take it once, at the end). */
  bytes(): Buffer {
    return this.#buf.subarray(0, this.#at);
  }

  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    let capacity = this.#buf.length * 2;
    while (capacity < this.#at + n) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.#buf.copy(next, 0, 0, this.#at);
    this.#buf = next;
  }
}
