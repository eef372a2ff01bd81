import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineKind, LineScan, scanImportLine } from '../../../emulator/oci/impex/import-engine/import-line.js';
import { TOO_LONG, wholeLineChunks } from '../../../emulator/oci/impex/import-engine/line-chunks.js';
import { BatchLine, lineText, parseBatch, portable } from '../../../emulator/oci/impex/import-engine/parsed-batch.js';
import { startImpex, type ImpexRun } from './helpers.js';
import { recordAt } from './more-helpers.js';
import { tempFolders } from '../../helpers/temp.js';

// Big import files are cut into whole-line chunks and parsed on worker threads; these tests hold that path to
// the same answers as parsing in place, line by line.

const temp = tempFolders('oci-impex-parallel');
afterAll(temp.cleanup);
const dir = temp.dir();
let n = 0;
async function chunksOf(content: string | Buffer, options: { gzip?: boolean; targetBytes?: number; maxLineBytes?: number } = {}) {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, content);
  const out: (string | typeof TOO_LONG)[] = [];
  for await (const chunk of wholeLineChunks(path, { gzip: options.gzip ?? false, targetBytes: options.targetBytes ?? 8, maxLineBytes: options.maxLineBytes ?? 1 << 20 })) {
    out.push(chunk === TOO_LONG ? TOO_LONG : Buffer.from(chunk).toString('utf8'));
  }
  return out;
}

describe('whole-line chunks', () => {
  it('cut only after a newline, drop a BOM, and together are the file', async () => {
    const text = '{"a":1}\n{"b":2}\r\n\n{"c":3}';
    const chunks = await chunksOf(`\uFEFF${text}`, { targetBytes: 3 });
    for (const c of chunks.slice(0, -1)) expect(String(c).endsWith('\n')).toBe(true);
    expect(chunks.join('')).toBe(text);
    expect((await chunksOf(gzipSync(text), { gzip: true, targetBytes: 5 })).join('')).toBe(text);
  });

  it('drop a line that streams past the byte limit, leaving one marker in its place; shorter lines go to the parser', async () => {
    const long = 'x'.repeat(3 << 20);
    const chunks = await chunksOf(`{"a":1}\n${long}\n{"b":2}\n${'z'.repeat(100)}\n${long}`, { targetBytes: 4, maxLineBytes: 1 << 20 });
    const lines = chunks.flatMap((c): (string | typeof TOO_LONG)[] => (c === TOO_LONG ? [c] : c.split('\n').filter(Boolean)));
    expect(lines).toEqual(['{"a":1}', TOO_LONG, '{"b":2}', 'z'.repeat(100), TOO_LONG]);
  });

  it('give the same lines as String.split for any text and chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '{', '😀'), maxLength: 30 }), { maxLength: 20 }), fc.integer({ min: 1, max: 40 }), async (parts, target) => {
        const text = parts.join('');
        expect((await chunksOf(text, { targetBytes: target })).join('')).toBe(text);
      }),
      { numRuns: 60 },
    );
  });
});

describe('parsed batches', () => {
  const lines = [
    '{"recordId":"r1","sku":"S-1","locationId":"L1","onHand":5,"safetyStockCount":1,"effectiveDate":"2026-03-02T09:00:00Z"}',
    '',
    '{"location":"L2","mode":"UPDATE"}',
    '{"recordId":"r2","sku":"S-1","onHand":null,"futures":[{"quantity":2,"expectedDate":"2026-04-01T00:00:00Z"}]}',
    'not json',
    '{"recordId":"r3","sku":"bad sku","locationId":"L1"}',
    '{"recordId":"r4","sku":"S-2","locationId":"L2","effectiveDate":""}\r',
    'z'.repeat(200),
  ];

  it('keep each good record as columns and mark every other line, as scanning line by line does', () => {
    const batch = parseBatch(new TextEncoder().encode(lines.join('\n')), 150);
    expect(batch.lines).toBe(lines.length);
    expect([...batch.kinds]).toEqual([BatchLine.Record, BatchLine.Blank, BatchLine.Header, BatchLine.Record, BatchLine.Bad, BatchLine.Bad, BatchLine.Record, BatchLine.TooLong]);
    expect(batch.records).toBe(3);
    expect(batch.skus).toEqual(['S-1', 'S-2']);
    expect([...batch.skuRefs.subarray(0, 3)]).toEqual([0, 0, 1]);
    expect([...batch.locationRefs.subarray(0, 3)]).toEqual([0, -1, 1]);
    expect(batch.locations).toEqual(['L1', 'L2']);
    expect(batch.onHand[0]).toBe(5);
    expect(batch.onHand[1]).toBe(0);
    expect(Number.isNaN(batch.safety[1]!)).toBe(true);
    expect(batch.futures).toEqual([[{ quantity: 2, expectedDate: '2026-04-01T00:00:00Z' }]]);
    // Lines can be scanned again, without the CR, also once the batch crossed threads without its text.
    const scan = new LineScan();
    scanImportLine(lineText(batch, 6), scan);
    expect(scan).toMatchObject({ kind: LineKind.Record, recordId: 'r4', effectiveDate: null });
    const crossed = structuredClone(portable(batch));
    expect(crossed.text).toBeUndefined();
    expect(lineText(crossed, 6)).toBe(lines[6]!.slice(0, -1));
    expect(lineText(crossed, 4)).toBe('not json');
  });
});

describe('imports parsed on worker threads', () => {
  let threads: ImpexRun;
  let inPlace: ImpexRun;
  beforeAll(async () => {
    threads = await startImpex({ impex: { parallelParseBytes: 0 } });
    inPlace = await startImpex({ impex: { parallelParseBytes: Number.MAX_SAFE_INTEGER } });
  });
  afterAll(async () => {
    await threads.close();
    await inPlace.close();
  });

  const file = (prefix: string) => {
    const body: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const location = ['surprise', 'wickenburg', 'warehouse5'][i % 3];
      if (i % 997 === 5) body.push(`{"recordId":"${prefix}-${i}","sku":"bad/sku","locationId":"${location}"}`);
      else if (i % 1999 === 7) body.push(`{"recordId":"${prefix}-${i}","sku":"S-${i}","locationId":"nowhere","onHand":1}`);
      else if (i % 2999 === 11) body.push('{"recordId":');
      else if (i % 500 === 3) body.push(`{"recordId":"${prefix}-${i - 1}","sku":"S-${i}","locationId":"${location}","onHand":999}`);
      else body.push(`{"recordId":"${prefix}-${i}","sku":"S-${Math.floor(i / 3)}","locationId":"${location}","onHand":${i % 101},"safetyStockCount":${i % 3}}`);
    }
    return `${body.join('\n')}\n`;
  };

  it('give the same counts, result file and figures as parsing in place', async () => {
    const text = file('par');
    const a = await threads.importFile(gzipSync(text), { fileName: 'big.json.gz', fileEncoding: 'GZIP' });
    const b = await inPlace.importFile(gzipSync(text), { fileName: 'big.json.gz', fileEncoding: 'GZIP' });
    expect(a.status.status).toBe('COMPLETED');
    expect(a.status.import.recordsReadCount).toBe(30_000);
    expect(a.result[0]).toEqual({ status: 'COMPLETED_WITH_PARTIAL_FAILURES' });
    expect(a.result.length).toBeGreaterThan(40);
    expect(a.result).toEqual(b.result);
    expect(a.status.import).toMatchObject({
      recordsReadCount: b.status.import.recordsReadCount,
      recordsProcessedCount: b.status.import.recordsProcessedCount,
      recordsSkippedCount: b.status.import.recordsSkippedCount,
    });
    for (const [location, sku] of [['surprise', 'S-0'], ['warehouse5', 'S-9998'], ['wickenburg', 'S-4000']] as const) {
      expect(await recordAt(threads, location, sku)).toEqual(await recordAt(inPlace, location, sku));
    }
  });

  it('fail a mixed-layout file at the same line, with nothing applied', async () => {
    const text = `${file('mix')}{"location":"surprise","mode":"UPDATE"}\n{"recordId":"mix-last","sku":"S-1"}\n`;
    const a = await threads.importFile(text);
    const b = await inPlace.importFile(text);
    expect(a.status.status).toBe('FAILED');
    expect(a.status.validation.errors).toEqual(b.status.validation.errors);
    expect(a.status.validation.errors[0]).toMatch(/line 30001/);
  });
});
