import { byCodeUnit } from '../../core/objects.js';
import { readFrame } from '../../core/store/frames.js';
import type { Journaled, JournalType } from '../../core/store/journaled.js';
import { JournaledMap } from '../../core/store/journaled-map.js';
import { CACHE_JOURNAL, type CachedRecord, type ListEntry, type StreamState } from './model.js';

// An instance's OCI cache as it is kept and persisted: one journaled map of records per list (so a delta writes
// the records it changed, not the million), the streams and the lists' entries. A full import swaps a list's
// whole map at once; the next write is then an image rather than a million logged keys.

const RECORDS = 'r:';

export class StoredCache implements Journaled {
  readonly journalType = CACHE_JOURNAL;
  readonly streams = new JournaledMap<StreamState>('streams');
  readonly lists = new JournaledMap<ListEntry>('lists');
  readonly #records = new Map<string, JournaledMap<CachedRecord>>();
  /** Each list's SKUs sorted, kept until a SKU comes or goes (a Records page or an OCAPI page must not sort 100 000). */
  readonly #sorted = new Map<string, string[]>();
  #swapped = false;
  #count = 0;
  /** Changes when the cache is emptied: work begun before (an export being read) must not land after. */
  generation = 0;

  /** Records cached over all lists. */
  get count(): number {
    return this.#count;
  }

  recordsOf(listId: string): JournaledMap<CachedRecord> | undefined {
    return this.#records.get(listId);
  }

  sortedSkus(listId: string): readonly string[] {
    let sorted = this.#sorted.get(listId);
    if (!sorted) {
      sorted = [...(this.#records.get(listId)?.keys() ?? [])].sort(byCodeUnit);
      this.#sorted.set(listId, sorted);
    }
    return sorted;
  }

  listIds(): string[] {
    return [...this.#records.keys()];
  }

  get(listId: string, sku: string): CachedRecord | undefined {
    return this.#records.get(listId)?.get(sku);
  }

  /** Sets one record; false when it is new and the cap leaves no room for it. */
  set(listId: string, sku: string, record: CachedRecord, cap: number): boolean {
    let map = this.#records.get(listId);
    if (!map) this.#records.set(listId, (map = new JournaledMap<CachedRecord>(RECORDS + listId)));
    if (!map.has(sku)) {
      if (this.#count >= cap) return false;
      this.#count++;
      this.#sorted.delete(listId);
    }
    map.set(sku, record);
    return true;
  }

  delete(listId: string, sku: string): void {
    if (!this.#records.get(listId)?.delete(sku)) return;
    this.#count--;
    this.#sorted.delete(listId);
  }

  /** A full import's result replaces the list's records (the map is taken, not copied). */
  replaceList(listId: string, records: Map<string, CachedRecord>): void {
    const map = new JournaledMap<CachedRecord>(RECORDS + listId, { holding: records });
    this.#count += map.size - (this.#records.get(listId)?.size ?? 0);
    this.#records.set(listId, map);
    this.#sorted.delete(listId);
    this.#swapped = true;
  }

  dropList(listId: string): void {
    const map = this.#records.get(listId);
    if (!map) return;
    this.#count -= map.size;
    this.#records.delete(listId);
    this.#sorted.delete(listId);
    this.#swapped = true;
  }

  /** Whether something changed since the store last drained it. */
  hasChanges(): boolean {
    return this.#swapped || this.streams.pending || this.lists.pending || [...this.#records.values()].some((m) => m.pending);
  }

  /** Empties the cache (the integration was turned off); the next write is an empty image. */
  clear(): void {
    this.streams.clearAll();
    this.lists.clearAll();
    this.#records.clear();
    this.#sorted.clear();
    this.#count = 0;
    this.#swapped = true;
    this.generation++;
  }

  drain(): Buffer[] | 'image' {
    if (this.#swapped || this.streams.mostlyChanged || [...this.#records.values()].some((m) => m.mostlyChanged)) {
      this.#swapped = false;
      return 'image';
    }
    const frames: Buffer[] = [];
    this.streams.drainInto(frames);
    this.lists.drainInto(frames);
    for (const map of this.#records.values()) map.drainInto(frames);
    return frames;
  }

  forget(): void {
    this.#swapped = false;
    this.streams.forget();
    this.lists.forget();
    for (const map of this.#records.values()) map.forget();
  }

  image(): Iterator<Buffer> {
    const parts = [this.streams.imageFrames(), this.lists.imageFrames(), ...[...this.#records.values()].map((m) => m.imageFrames())];
    return (function* () {
      for (const part of parts) yield* part;
    })();
  }

  static load(frames: Iterable<Buffer>): StoredCache {
    const cache = new StoredCache();
    for (const bytes of frames) {
      const { header } = readFrame(bytes);
      if (header.op === 'streams') cache.streams.apply(header);
      else if (header.op === 'lists') cache.lists.apply(header);
      else if (header.op.startsWith(RECORDS)) {
        const listId = header.op.slice(RECORDS.length);
        let map = cache.#records.get(listId);
        if (!map) cache.#records.set(listId, (map = new JournaledMap<CachedRecord>(header.op)));
        map.apply(header);
      } else throw new Error(`unknown OCI cache frame '${header.op}'`);
    }
    for (const map of cache.#records.values()) cache.#count += map.size;
    cache.forget();
    return cache;
  }
}

export const cacheJournal: JournalType = { name: CACHE_JOURNAL, load: (frames) => StoredCache.load(frames) };
