import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { hashId, sortedHas, sortedOrder } from '../../../emulator/oci/impex/import-engine/id-hash.js';
import { LineKind, LineScan, scanImportLine } from '../../../emulator/oci/impex/import-engine/import-line.js';
import { ndjsonBatches } from '../../../emulator/oci/impex/import-engine/ndjson-reader.js';
import { tempFolders } from '../../helpers/temp.js';

const temp = tempFolders('oci-impex-engine');
afterAll(temp.cleanup);
const dir = temp.dir();
let n = 0;
async function linesOf(content: string | Buffer, options: { gzip?: boolean; maxLineChars?: number } = {}) {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, content);
  const out: (string | null)[] = [];
  const numbers: number[] = [];
  for await (const batch of ndjsonBatches(path, { gzip: options.gzip ?? false, maxLineChars: options.maxLineChars })) {
    batch.lines.forEach((l, i) => {
      out.push(l);
      numbers.push(batch.firstLine + i);
    });
  }
  return { lines: out, numbers };
}

describe('NDJSON reader', () => {
  it('splits on LF and CRLF, drops a BOM, keeps a last line without newline, numbers lines from 1', async () => {
    const { lines, numbers } = await linesOf('\uFEFF{"a":1}\r\n{"b":2}\n\n{"c":3}');
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it('reads multi-byte characters split across read chunks, and gzip', async () => {
    const line = `{"sku":"${'é'.repeat(700_000)}"}`;
    expect((await linesOf(`${line}\n{"x":1}\n`)).lines).toEqual([line, '{"x":1}']);
    expect((await linesOf(gzipSync(`${line}\n{"x":1}\n`), { gzip: true })).lines).toEqual([line, '{"x":1}']);
  });

  it('turns an over-long line into null and goes on; a truncated gzip stream throws', async () => {
    const { lines } = await linesOf(`{"a":1}\n${'x'.repeat(50)}\n{"b":2}\n${'y'.repeat(60)}`, { maxLineChars: 20 });
    expect(lines).toEqual(['{"a":1}', null, '{"b":2}', null]);
    const zipped = gzipSync('{"a":1}\n'.repeat(10_000));
    await expect(linesOf(zipped.subarray(0, zipped.length >> 1), { gzip: true })).rejects.toThrow();
  });

  it('cuts any text into the same lines as String.split, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '{', '"', '😀') , maxLength: 40 }), { maxLength: 30 }), async (parts) => {
        const text = parts.join('');
        const expected = text.split('\n');
        if (expected.at(-1) === '') expected.pop();
        expect((await linesOf(text)).lines).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('import line checks', () => {
  const scan = (line: string) => {
    const out = new LineScan();
    scanImportLine(line, out);
    return out;
  };
  it.each([
    ['{"recordId":"r","sku":"s1","locationId":"L","onHand":3}', LineKind.Record, ''],
    ['{"location":"L","mode":"UPDATE"}', LineKind.Header, ''],
    ['   ', LineKind.Blank, ''],
    ['nope', LineKind.Bad, 'The line is not valid JSON'],
    ['[1]', LineKind.Bad, 'The line must be one JSON object'],
    ['{"sku":"s1"}', LineKind.Bad, "'recordId' must not be null"],
    ['{"recordId":5,"sku":"s1"}', LineKind.Bad, "'recordId' must be a string"],
    ['{"recordId":"r"}', LineKind.Bad, "'sku' Invalid characters in sku: null"],
    ['{"recordId":"r","sku":"a b"}', LineKind.Bad, "'sku' Invalid characters in sku: a b"],
    ['{"recordId":"r","sku":"a/b"}', LineKind.Bad, "'sku' Invalid characters in sku: a/b"],
    ['{"recordId":"r","sku":"s","onHand":-1}', LineKind.Bad, "'onHand' quantity must be a positive value"],
    ['{"recordId":"r","sku":"s","onHand":"3"}', LineKind.Bad, "'onHand' must be a number"],
    ['{"recordId":"r","sku":"s","onHand":1.0005}', LineKind.Bad, "'onHand' must have at most three decimals"],
    ['{"recordId":"r","sku":"s","safetyStockCount":-2}', LineKind.Bad, "'safetyStockCount' quantity must be a positive value"],
    ['{"recordId":"r","sku":"s","effectiveDate":"yesterday"}', LineKind.Bad, "'effectiveDate' must be an ISO 8601 date-time"],
    ['{"recordId":"r","sku":"s","futures":[{"quantity":1}]}', LineKind.Bad, "'futures[0].expectedDate' must not be null"],
    ['{"recordId":"r","sku":"s","futures":[{"quantity":0,"expectedDate":"2026-01-01T00:00:00Z"}]}', LineKind.Bad, "'futures[0].quantity' quantity must be greater than 0"],
    ['{"recordId":"r","sku":"s","futures":{}}', LineKind.Bad, "'futures' must be an array"],
  ])('%s → kind %i %s', (line, kind, message) => {
    const out = scan(line);
    expect(out.kind).toBe(kind);
    if (message) expect(out.message).toContain(message);
  });

  it('absent fields stay absent (NaN, undefined); present but empty ones clear', () => {
    const absent = scan('{"recordId":"r","sku":"s"}');
    expect([absent.onHand, absent.safetyStockCount, absent.effectiveDate, absent.futures]).toEqual([NaN, NaN, undefined, undefined]);
    const cleared = scan('{"recordId":"r","sku":"s","onHand":null,"safetyStockCount":"","effectiveDate":null,"futures":[]}');
    expect([cleared.onHand, cleared.safetyStockCount, cleared.effectiveDate, cleared.futures]).toEqual([0, 0, null, []]);
  });
});

describe('record id hashes', () => {
  it('sortedOrder sorts pairs by (a, b) and keeps equal pairs in their original order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 4 })), { maxLength: 200 }), (list) => {
        const pairs = new Uint32Array(list.flat());
        const order = [...sortedOrder(pairs, list.length)];
        const expected = list.map((p, i) => ({ p, i })).sort((x, y) => x.p[0] - y.p[0] || x.p[1] - y.p[1] || x.i - y.i).map((x) => x.i);
        expect(order).toEqual(expected);
      }),
    );
  });

  it('hashes are stable, differ for near ids, and sortedHas finds them', () => {
    const h = (id: string) => [...hashId(id)];
    expect(h('0a87539d-f3dd-47bc-91c7-9c752e39dbe0')).toEqual(h('0a87539d-f3dd-47bc-91c7-9c752e39dbe0'));
    expect(h('r-1')).not.toEqual(h('r-2'));
    const ids = Array.from({ length: 1000 }, (_, i) => `id-${i}`);
    const pairs = new Uint32Array(ids.flatMap(h));
    const order = sortedOrder(pairs, ids.length);
    const sorted = new Uint32Array([...order].flatMap((i) => [pairs[i * 2]!, pairs[i * 2 + 1]!]));
    expect(sortedHas(sorted, ...(h('id-517') as [number, number]))).toBe(true);
    expect(sortedHas(sorted, ...(h('id-5170') as [number, number]))).toBe(false);
    expect(new Set(ids.map((id) => h(id).join(':'))).size).toBe(1000);
  });
});
