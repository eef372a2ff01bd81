import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedJournal } from '../../emulator/oci/change-feed/feed-journal.js';
import { FeedLog } from '../../emulator/oci/change-feed/feed-log.js';
import { FIGURES, type EventFigures } from '../../emulator/oci/change-feed/model.js';
import { feedLogFromStored } from '../../emulator/oci/change-feed/feed-stored.js';

const figures = (n: number): EventFigures => Object.fromEntries(FIGURES.map((k, i) => [k, n + i / 10])) as unknown as EventFigures;
/** The log rebuilt from a full image of it. */
const throughImage = (log: FeedLog) => {
  const frames: Buffer[] = [];
  const it = new FeedJournal(log).image();
  for (let next = it.next(); !next.done; next = it.next()) frames.push(next.value);
  return FeedJournal.load(frames).log;
};
const entries = (log: FeedLog) => {
  const out: unknown[] = [];
  log.scan(0, (e) => (out.push({ ...e, figure: FIGURES.map((f) => e.figure(f)) }), true));
  return out;
};
const seqs = (log: FeedLog, cursor = 0) => {
  const out: number[] = [];
  log.scan(cursor, (e) => (out.push(e.seq), true));
  return out;
};

describe('change feed log kept as columns', () => {
  it('appends, scans from a cursor, and keeps figures, event types and dates', () => {
    const log = new FeedLog();
    log.append(1000, false, 'WH-1', 'A', 'location_import', '2026-01-01T00:00:00Z', figures(1));
    log.append(2000, true, 'G1', 'A');
    log.append(3000, false, 'WH-2', 'B', 'location_delete', undefined, figures(5));
    expect(log.head).toBe(3);
    expect(seqs(log)).toEqual([1, 2, 3]);
    expect(seqs(log, 2)).toEqual([3]);
    const first = log.entryAt(1)!;
    expect(first).toMatchObject({ seq: 1, at: 1000, place: 'location', placeId: 'WH-1', sku: 'A', eventType: 'location_import', effectiveDate: '2026-01-01T00:00:00Z' });
    expect(first.figure('newOnHand')).toBe(figures(1).newOnHand);
    expect(log.entryAt(2)).toMatchObject({ place: 'group', placeId: 'G1', eventType: undefined });
    expect([...log.eventsOf('A', 0, 5000)].map((e) => e.seq)).toEqual([1]);
  });

  it('survives its journal: an image, or a log of drains between appends and prunes', () => {
    const log = new FeedLog();
    const journal = new FeedJournal(log);
    const frames: Buffer[] = [];
    for (let i = 0; i < 300; i++) {
      log.append(i, i % 7 === 0, `P${i % 3}`, `S${i}`, i % 2 ? 'location_import' : undefined, i % 5 ? undefined : 'D', figures(i));
      if (i % 37 === 0) frames.push(...(journal.drain() as Buffer[]));
      if (i === 150) log.prune(100, 1_000);
    }
    frames.push(...(journal.drain() as Buffer[]));
    for (const copy of [throughImage(log), FeedJournal.load(frames).log]) {
      expect(copy.head).toBe(log.head);
      expect(copy.firstSeq).toBe(log.firstSeq);
      expect(entries(copy)).toEqual(entries(log));
    }
  });

  it('reads the layouts earlier versions stored', () => {
    const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    const stored = {
      format: 'feed/2',
      firstSeq: 7,
      places: ['WH', 'G'],
      eventTypes: ['', 'location_import'],
      dates: ['2026-01-01T00:00:00Z'],
      skus: 'X\nY',
      at: b64(new Float64Array([10, 11])),
      kind: b64(new Uint8Array([1 << 1, 1])),
      place: b64(new Int32Array([0, 1])),
      effective: b64(new Int32Array([0, -1])),
      figures: b64(new Float64Array(FIGURES.length * 2).fill(3)),
    };
    const log = feedLogFromStored(stored);
    expect(seqs(log)).toEqual([7, 8]);
    expect(log.entryAt(7)).toMatchObject({ place: 'location', placeId: 'WH', sku: 'X', eventType: 'location_import', effectiveDate: '2026-01-01T00:00:00Z' });
    expect(log.entryAt(8)).toMatchObject({ place: 'group', placeId: 'G', sku: 'Y', eventType: undefined });
    expect(log.entryAt(8)!.figure('newOnHand')).toBe(3);
    const legacy = feedLogFromStored({ firstSeq: 5, entries: [[10, 0, 'WH', 'X'], [11, 1, 'G', 'Y']] });
    expect(seqs(legacy)).toEqual([5, 6]);
    expect(legacy.entryAt(6)).toMatchObject({ place: 'group', placeId: 'G', sku: 'Y' });
  });

  it('prunes by age and by capacity, keeping sequence numbers, under any sequence of appends and prunes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.tuple(fc.constant('append' as const), fc.nat(50)), fc.tuple(fc.constant('prune' as const), fc.nat(5000))), { maxLength: 400 }), (ops) => {
        const log = new FeedLog();
        const model: { seq: number; at: number }[] = [];
        let now = 0;
        let seq = 0;
        for (const [op, n] of ops) {
          if (op === 'append') {
            now += n;
            seq++;
            log.append(now, false, 'L', `S${seq}`);
            model.push({ seq, at: now });
          } else {
            const cutoff = now - n;
            const capacity = 10 + (n % 200);
            log.prune(cutoff, capacity);
            while (model.length > capacity) model.shift();
            while (model.length > 0 && model[0]!.at < cutoff) model.shift();
          }
        }
        expect(seqs(log)).toEqual(model.map((m) => m.seq));
        expect(log.head).toBe(seq);
      }),
    );
  });

  it('compacts its columns once most of them are pruned, and stays correct', () => {
    const log = new FeedLog();
    for (let i = 1; i <= 20_000; i++) log.append(i, false, 'L', `S${i}`, 'location_import', undefined, figures(i));
    log.prune(15_001, 1_000_000);
    expect(log.firstSeq).toBe(15_001);
    expect(log.length).toBe(5_000);
    expect(log.entryAt(15_001)!.sku).toBe('S15001');
    expect(log.entryAt(20_000)!.figure('quantity')).toBe(figures(20_000).quantity);
    expect(log.entryAt(15_000)).toBeUndefined();
    for (let i = 20_001; i <= 20_010; i++) log.append(i, false, 'L', `S${i}`);
    expect(seqs(log, 19_995)).toEqual(Array.from({ length: 15 }, (_, k) => 19_996 + k));
    expect(throughImage(log).entryAt(20_010)!.sku).toBe('S20010');
  });
});
