import { columnBytes } from '../../core/columns.js';
import { FeedLog } from './feed-log.js';

// The change log as earlier versions stored it in a plain JSON namespace, read into today's columns when such a
// state (or snapshot) is loaded. Today it is journaled (feed-journal.ts).

interface StoredFeedLog {
  format: 'feed/2';
  firstSeq: number;
  places: string[];
  eventTypes: string[];
  dates: string[];
  /** SKUs joined by '\n'. */
  skus: string;
  at: string;
  kind: string;
  place: string;
  effective: string;
  figures: string;
}

/** A log from `feed/2` columns, or from the first stored form `{firstSeq, entries: [[at, 0|1, placeId, sku], …]}`. */
export function feedLogFromStored(data: unknown): FeedLog {
  const log = new FeedLog();
  const stored = data as Partial<StoredFeedLog> | undefined;
  if (stored?.format === 'feed/2') {
    const skus = stored.skus === '' || stored.skus === undefined ? [] : stored.skus.split('\n');
    log.firstSeq = stored.firstSeq ?? 1;
    if (skus.length === 0) return log;
    log.appendColumns({
      seq: stored.firstSeq ?? 1,
      at: new Float64Array(columnBytes(stored.at!)),
      kind: new Uint8Array(columnBytes(stored.kind!)),
      place: new Int32Array(columnBytes(stored.place!)),
      effective: new Int32Array(columnBytes(stored.effective!)),
      figures: new Float64Array(columnBytes(stored.figures!)),
      skuNames: skus,
      skuCodes: Int32Array.from(skus, (_, i) => i),
      places: stored.places ?? [],
      types: stored.eventTypes ?? [''],
      dates: stored.dates ?? [],
    });
    return log;
  }
  const legacy = data as { firstSeq?: number; entries?: [number, 0 | 1, string, string][] } | undefined;
  log.firstSeq = legacy?.firstSeq ?? 1;
  for (const [at, kind, placeId, sku] of legacy?.entries ?? []) log.append(at, kind === 1, placeId, sku);
  return log;
}
