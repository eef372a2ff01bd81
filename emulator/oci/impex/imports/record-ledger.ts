import { frame, readFrame, uint32s } from '../../../core/store/frames.js';
import type { Journaled, JournalType } from '../../../core/store/journaled.js';
import type { Store } from '../../../core/store/store.js';
import { comparePairs } from '../import-engine/id-hash.js';

// The recordIds imports already applied, per tenant group (namespace `oci-import-ids.<tenantGroupId>`): OCI
// documents recordId as the guard against importing the same record twice, so a line whose recordId was applied
// before is skipped. Ids are kept as 64-bit hashes (id-hash.ts), one sorted segment per import; a segment goes once
// it is older than the retention. An import checks its own sorted ids against each segment in one merge walk.

export const ledgerNamespace = (tenantGroupId: string) => `oci-import-ids.${tenantGroupId}`;

/** How long an applied recordId keeps a later line with the same id from applying. */
export const RECORD_ID_RETENTION_MS = 24 * 3_600_000;

const LEDGER_JOURNAL = 'oci-import-ids';

/** One import's ids, sorted (pairs of 32-bit halves of each 64-bit hash). */
class Segment {
  constructor(
    readonly at: number,
    readonly pairs: Uint32Array,
  ) {}

  /** What earlier versions stored in a plain JSON namespace: `{at, hashes: base64}`. */
  static fromStored(data: unknown): Segment | undefined {
    if (data instanceof Segment) return data;
    const d = data as { at?: unknown; hashes?: unknown } | null;
    if (typeof d?.at !== 'number' || typeof d.hashes !== 'string') return undefined;
    const buf = Buffer.from(d.hashes, 'base64');
    return new Segment(d.at, new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + (buf.length & ~7))));
  }
}

/**
 * The namespace's value, journaled: a `segment` frame per import (its hashes as bytes) and `since` when old
 * segments went, so an import of a million records appends 8 MB once instead of rewriting every segment.
 */
class LedgerBook implements Journaled {
  readonly journalType = LEDGER_JOURNAL;
  segments: Segment[] = [];
  #written = 0;
  #cutoff = -Infinity;
  #writtenCutoff = -Infinity;

  /** Drops segments older than `cutoff`. */
  keepSince(cutoff: number): void {
    const before = this.segments.length;
    this.segments = this.segments.filter((s) => s.at >= cutoff);
    this.#written = Math.max(0, this.#written - (before - this.segments.length));
    this.#cutoff = Math.max(this.#cutoff, cutoff);
  }

  drain(): Buffer[] {
    const frames: Buffer[] = [];
    if (this.#cutoff !== this.#writtenCutoff) frames.push(frame({ op: 'since', cutoff: this.#cutoff }));
    for (const s of this.segments.slice(this.#written)) frames.push(frame({ op: 'segment', at: s.at }, s.pairs));
    this.forget();
    return frames;
  }

  forget(): void {
    this.#written = this.segments.length;
    this.#writtenCutoff = this.#cutoff;
  }

  image(): Iterator<Buffer> {
    const segments = [...this.segments];
    return [frame({ op: 'since', cutoff: this.#cutoff }), ...segments.map((s) => frame({ op: 'segment', at: s.at }, s.pairs))][Symbol.iterator]();
  }

  static load(frames: Iterable<Buffer>): LedgerBook {
    const book = new LedgerBook();
    for (const bytes of frames) {
      const { header, parts } = readFrame(bytes);
      if (header.op === 'since') book.keepSince(Number(header.cutoff));
      else if (header.op === 'segment') book.segments.push(new Segment(Number(header.at), uint32s(parts[0]!)));
    }
    book.forget();
    return book;
  }

  static fromStored(data: unknown): LedgerBook {
    const book = new LedgerBook();
    const segments = (data as { segments?: unknown } | undefined)?.segments;
    if (Array.isArray(segments)) book.segments = segments.map(Segment.fromStored).filter((s): s is Segment => s !== undefined);
    return book;
  }
}

export const ledgerJournal: JournalType = { name: LEDGER_JOURNAL, load: (frames) => LedgerBook.load(frames) };

export class RecordLedger {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * Marks (`known[i] = 1`) every id that an earlier import applied. `pairs` holds the ids (a, b per id) and `order`
   * visits them sorted (see sortedOrder).
   */
  markApplied(tenantGroupId: string, now: number, pairs: Uint32Array, order: Uint32Array, known: Uint8Array): void {
    const cutoff = now - RECORD_ID_RETENTION_MS;
    for (const segment of this.#segments(tenantGroupId)) {
      if (segment.at < cutoff) continue;
      const seg = segment.pairs;
      const m = seg.length / 2;
      let j = 0;
      for (let k = 0; k < order.length && j < m; k++) {
        const i = order[k]!;
        const a = pairs[i * 2]!;
        const b = pairs[i * 2 + 1]!;
        let c = comparePairs(seg[j * 2]!, seg[j * 2 + 1]!, a, b);
        while (c < 0 && ++j < m) c = comparePairs(seg[j * 2]!, seg[j * 2 + 1]!, a, b);
        if (c === 0) known[i] = 1;
      }
    }
  }

  /** Adds one import's applied ids (sorted, without repeats) and drops segments past the retention. */
  commit(tenantGroupId: string, now: number, sortedPairs: Uint32Array): void {
    const book = this.#book(tenantGroupId);
    book.keepSince(now - RECORD_ID_RETENTION_MS);
    if (sortedPairs.length > 0) book.segments.push(new Segment(now, sortedPairs));
    this.#store.touch(ledgerNamespace(tenantGroupId));
  }

  #book(tenantGroupId: string): LedgerBook {
    const ns = ledgerNamespace(tenantGroupId);
    const value = this.#store.ensure<unknown>(ns, () => new LedgerBook());
    if (value instanceof LedgerBook) return value;
    // What an earlier version stored (base64 segments in JSON), journaled from now on.
    const book = LedgerBook.fromStored(value);
    this.#store.adopt(ns, book);
    return book;
  }

  #segments(tenantGroupId: string): Segment[] {
    return this.#book(tenantGroupId).segments;
  }
}
