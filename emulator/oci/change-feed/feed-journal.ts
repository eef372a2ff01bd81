import { float64s, frame, int32s, readFrame, readStrings, strings } from '../../core/store/frames.js';
import type { Journaled, JournalType } from '../../core/store/journaled.js';
import { FeedLog } from './feed-log.js';
import type { FeedColumns } from './model.js';

// A tenant group's change log as a journaled namespace (`oci-feed.<tenantGroupId>`): each batch appends the
// entries added since the last one (`entries` frames) and where the log now starts (`prune`). An image is the log
// from its first kept entry; a backlog of more than MAX_LOGGED entries (an import) is written as a new image,
// in slices, rather than as one big append built at once.

export const FEED_JOURNAL = 'oci-feed';
const PER_FRAME = 16_384;
const MAX_LOGGED = 65_536;

export class FeedJournal implements Journaled {
  readonly journalType = FEED_JOURNAL;
  readonly log: FeedLog;
  /** The newest entry and the first kept entry the journal has written. */
  #writtenHead: number;
  #writtenFirst: number;

  constructor(log = new FeedLog()) {
    this.log = log;
    this.#writtenHead = log.head;
    this.#writtenFirst = log.firstSeq;
  }

  drain(): Buffer[] | 'image' {
    const log = this.log;
    const from = Math.max(this.#writtenHead + 1, log.firstSeq);
    const to = log.head;
    if (to - from + 1 > MAX_LOGGED) return 'image';
    const frames: Buffer[] = [];
    if (log.firstSeq !== this.#writtenFirst) {
      frames.push(frame({ op: 'prune', firstSeq: log.firstSeq }));
      this.#writtenFirst = log.firstSeq;
    }
    for (let seq = from; seq <= to; seq += PER_FRAME) frames.push(entriesFrame(log.columnsBetween(seq, Math.min(to, seq + PER_FRAME - 1))));
    this.#writtenHead = Math.max(this.#writtenHead, to);
    return frames;
  }

  forget(): void {
    this.#writtenHead = this.log.head;
    this.#writtenFirst = this.log.firstSeq;
  }

  image(): Iterator<Buffer> {
    const log = this.log;
    const first = log.firstSeq;
    const head = log.head;
    return (function* () {
      yield frame({ op: 'prune', firstSeq: first });
      // Entries never change once written; those pruned meanwhile are skipped (the log says where it starts).
      for (let seq = Math.max(first, log.firstSeq); seq <= head; seq += PER_FRAME) {
        const from = Math.max(seq, log.firstSeq);
        if (from <= Math.min(head, seq + PER_FRAME - 1)) yield entriesFrame(log.columnsBetween(from, Math.min(head, seq + PER_FRAME - 1)));
      }
    })();
  }

  static load(frames: Iterable<Buffer>): FeedJournal {
    const log = new FeedLog();
    const read = [...frames].map(readFrame);
    // Room for every entry at once: growing a million-entry log by doubling would copy it twice over.
    log.reserve(read.reduce((n, f) => n + (f.header.op === 'entries' ? f.parts[0]!.length / 8 : 0), 0));
    for (const { header, parts } of read) {
      if (header.op === 'prune') log.dropBefore(Number(header.firstSeq));
      else if (header.op === 'entries') {
        const [at, kind, place, effective, figures, skuNames, skuCodes] = parts;
        log.appendColumns({
          seq: Number(header.seq),
          at: float64s(at!),
          kind: new Uint8Array(kind!),
          place: int32s(place!),
          effective: int32s(effective!),
          figures: float64s(figures!),
          skuNames: readStrings(skuNames!),
          skuCodes: int32s(skuCodes!),
          places: header.places as string[],
          types: header.types as string[],
          dates: header.dates as string[],
        });
      } else throw new Error(`unknown change-feed frame '${header.op}'`);
    }
    return new FeedJournal(log);
  }
}

/** One frame of entries: places, dates and SKUs listed as the frame uses them, so it stands on its own. */
function entriesFrame(c: FeedColumns): Buffer {
  const places = new Map<number, number>();
  const dates = new Map<number, number>();
  const place = new Int32Array(c.place.length);
  const effective = new Int32Array(c.effective.length);
  for (let i = 0; i < c.place.length; i++) {
    const p = c.place[i]!;
    let local = places.get(p);
    if (local === undefined) places.set(p, (local = places.size));
    place[i] = local;
    const d = c.effective[i]!;
    if (d < 0) effective[i] = -1;
    else {
      let ld = dates.get(d);
      if (ld === undefined) dates.set(d, (ld = dates.size));
      effective[i] = ld;
    }
  }
  const header = { op: 'entries', seq: c.seq, places: [...places.keys()].map((p) => c.places[p]!), types: c.types, dates: [...dates.keys()].map((d) => c.dates[d]!) };
  return frame(header, c.at, c.kind, place, effective, c.figures, strings(c.skuNames), c.skuCodes);
}

export const feedJournal: JournalType = { name: FEED_JOURNAL, load: (frames) => FeedJournal.load(frames) };
