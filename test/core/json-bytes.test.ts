import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fragment, fragmentMemo, JsonBytes, MAX_NUMBER_BYTES, putNumber } from '../../emulator/core/json-bytes.js';

// The byte writer behind get-availability's answer must write exactly what JSON.stringify writes: any number
// (small integers come from a digit table, the rest through the engine), any text, across buffer growth.

describe('JsonBytes', () => {
  it('writes every number as JSON.stringify does', () => {
    const edge = [0, -0, 1, 9, 10, 99, 100, 9999, 10_000, 2 ** 31 - 1, 2 ** 31, -1, -(2 ** 31), 0.1, 0.001, 1.5, 123.456, 1e21, 1e-7, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE];
    for (const n of edge) expect(new JsonBytes(1).number(n).bytes().toString()).toBe(JSON.stringify(n));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((i) => i / 1000)), (n) => {
        expect(new JsonBytes(1).number(n).bytes().toString()).toBe(JSON.stringify(n));
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([-0.0000010000003853735671, -0.0000012345678901234567, -1.7976931348623157e308, -1.2345678901234567e-308, -123456789012345680000])(
    'has room for the longest numbers String() writes: %s',
    (n) => {
      const buf = Buffer.alloc(MAX_NUMBER_BYTES, 0x7e);
      expect(buf.subarray(0, putNumber(buf, 0, n)).toString()).toBe(JSON.stringify(n));
    },
  );

  it('never writes more than MAX_NUMBER_BYTES for a number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const buf = Buffer.alloc(MAX_NUMBER_BYTES + 8, 0x7e);
        const end = putNumber(buf, 4, n);
        expect(end - 4).toBeLessThanOrEqual(MAX_NUMBER_BYTES);
        expect(buf.subarray(4, end).toString()).toBe(JSON.stringify(n));
        expect(buf[3]).toBe(0x7e);
        expect(buf[end]).toBe(0x7e);
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps what it wrote while it grows, with fragments, UTF-8 text and bursts mixed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme' }).map((s) => ({ text: JSON.stringify(s) })), fc.integer({ min: 0, max: 50_000 }).map((n) => ({ n })), fc.string().map((s) => ({ frag: s }))), { maxLength: 60 }),
        (pieces) => {
          const out = new JsonBytes(1);
          let expected = '';
          for (const piece of pieces) {
            if ('text' in piece) out.utf8(piece.text);
            else if ('frag' in piece) out.raw(fragment(piece.frag));
            else {
              const buf = out.reserve(MAX_NUMBER_BYTES);
              out.commit(putNumber(buf, out.length, piece.n));
            }
            expected += 'text' in piece ? piece.text : 'frag' in piece ? piece.frag : String(piece.n);
          }
          expect(out.bytes().toString('utf8')).toBe(expected);
          expect(out.length).toBe(Buffer.byteLength(expected));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('makes a recurring fragment once, and starts again past what it keeps', () => {
    let made = 0;
    const memo = fragmentMemo((key) => {
      made++;
      return JSON.stringify(key);
    }, 2);
    expect(Buffer.from(memo('a"b')).toString()).toBe('"a\\"b"');
    expect(memo('a"b')).toBe(memo('a"b'));
    expect(made).toBe(1);
    memo('c');
    memo('d');
    expect(Buffer.from(memo('a"b')).toString()).toBe('"a\\"b"');
    expect(made).toBe(4);
  });
});
