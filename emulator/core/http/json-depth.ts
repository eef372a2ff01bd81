// How deep a JSON text nests, read from its bytes before anything parses or walks it. JSON.parse copes with any
// depth, but what comes after does not: JSON.stringify, structuredClone and every recursive walk overflow the
// stack somewhere past ~4 000 levels, and an answer that echoes the body would fail while being written. The
// APIs emulated here never nest more than a handful of levels; Jackson, the JSON reader of Spring services, refuses
// documents nested past 1 000 levels by default (since 2.15), and so does the emulator.

export const MAX_JSON_DEPTH = 1000;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the text nests arrays and objects deeper than `max`. Brackets inside strings do not count. Works on
 * UTF-8 bytes: a quote or backslash byte never occurs inside a multi-byte character.
 */
export function nestsDeeperThan(bytes: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  // Each level takes at least one byte: a text this short cannot be too deep (the common case, no scan).
  if (bytes.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
