import { dict } from '../core/objects.js';
import { dictionaryFrame, frame, readFrame, readStrings, strings } from '../core/store/frames.js';
import type { Journaled, JournalType } from '../core/store/journaled.js';
import { JournaledMap } from '../core/store/journaled-map.js';
import type { AppliedRequest, OciGroup, OciLocation, OciRecord } from './model.js';
import { LocationRecords } from './records/location-records.js';
import { applyDeletes, applyRows, emptyTableFrame, rowFrames, tableImage } from './records/record-frames.js';
import { SkuIndex } from './records/sku-index.js';

// A tenant group's OCI state (namespace `oci.<tenantGroupId>`), journaled (core/store/journaled.ts): a batch-update
// of ten records writes those ten rows, not the million the tenant group may hold. Its frames:
//   meta   the graph and the segmentation (small: written whole when they changed)
//   skus   SKUs given ids since the last frame
//   rows / del   records of one location (records/record-frames.ts)
//   drop   a location's records went (it left the graph)
//   applied      request ids of per-record writes (idempotency)

/** The tenant group's state (kept and journaled by OciTenantBook below). Dictionaries are null-prototype: any id is just an id. */
export interface OciTenantState {
  locations: Record<string, OciLocation>;
  groups: Record<string, OciGroup>;
  /** Every SKU the tenant group ever held, with the ids its locations' records use (see records/). */
  readonly skuIndex: SkuIndex;
  /** Each location's records, as columns (see records/). */
  readonly records: Map<string, LocationRecords>;
  /** Product segmentation: SKUs excluded from a group's results, by group id. */
  exclusions: Record<string, string[]>;
  /** Request ids of per-record writes already applied (idempotency), by `<kind>:<id>:<sku>`, oldest first. */
  readonly applied: JournaledMap<AppliedRequest>;
}

export const OCI_TENANT_JOURNAL = 'oci-tenant';
const SKUS_PER_FRAME = 65_536;

class RecordTables extends Map<string, LocationRecords> {
  readonly changed = new Set<string>();
  readonly dropped = new Set<string>();

  override set(loc: string, table: LocationRecords): this {
    // Every row of a table put in place is new to the journal; its later changes say themselves.
    this.dropped.add(loc);
    this.changed.add(loc);
    table.onChange = () => this.changed.add(loc);
    return super.set(loc, table);
  }

  override delete(loc: string): boolean {
    const had = super.delete(loc);
    if (had) {
      this.dropped.add(loc);
      this.changed.delete(loc);
    }
    return had;
  }
}

export class OciTenantBook implements OciTenantState, Journaled {
  readonly journalType = OCI_TENANT_JOURNAL;
  locations: Record<string, OciLocation> = dict();
  groups: Record<string, OciGroup> = dict();
  exclusions: Record<string, string[]> = dict();
  readonly skuIndex = new SkuIndex();
  readonly records = new RecordTables();
  readonly applied = new JournaledMap<AppliedRequest>('applied');
  /** The meta frame last written; null when unknown (the next drain writes it). */
  #metaText: string | null = null;

  drain(): Buffer[] | 'image' {
    const frames: Buffer[] = [];
    const meta = this.#meta();
    const metaText = JSON.stringify(meta);
    if (metaText !== this.#metaText) {
      frames.push(dictionaryFrame({ op: 'meta', ...meta }));
      this.#metaText = metaText;
    }
    const index = this.skuIndex;
    for (let from = index.written; from < index.size; from += SKUS_PER_FRAME) {
      frames.push(frame({ op: 'skus', from }, strings(index.slice(from, Math.min(index.size, from + SKUS_PER_FRAME)))));
    }
    index.written = index.size;
    // A location that lost its table, or got a new one: what it held before goes first.
    for (const loc of this.records.dropped) frames.push(frame({ op: 'drop', loc }), ...(this.records.has(loc) ? [emptyTableFrame(loc)] : []));
    this.records.dropped.clear();
    for (const loc of this.records.changed) {
      const table = this.records.get(loc);
      const changed = table?.takeChanged();
      if (changed === 'all') return 'image';
      if (table && changed) frames.push(...rowFrames(loc, table, changed));
    }
    this.records.changed.clear();
    if (this.applied.mostlyChanged) return 'image';
    this.applied.drainInto(frames);
    return frames;
  }

  forget(): void {
    this.#metaText = null;
    this.skuIndex.written = this.skuIndex.size;
    for (const loc of this.records.changed) this.records.get(loc)?.forgetChanged();
    this.records.changed.clear();
    this.records.dropped.clear();
    this.applied.forget();
  }

  image(): Iterator<Buffer> {
    // The moment of the image: the graph, the SKUs and each table's rows as they are now (values read later).
    const meta = dictionaryFrame({ op: 'meta', ...this.#meta() });
    const skuCount = this.skuIndex.size;
    const tables = [...this.records].map(([loc, table]) => tableImage(loc, table, skuCount));
    const applied = this.applied.imageFrames();
    const index = this.skuIndex;
    return (function* () {
      yield meta;
      for (let from = 0; from < skuCount; from += SKUS_PER_FRAME) yield frame({ op: 'skus', from }, strings(index.slice(from, Math.min(skuCount, from + SKUS_PER_FRAME))));
      for (const table of tables) yield* table;
      yield* applied;
    })();
  }

  /** The location's records, made empty when it has none. */
  ensureRecords(locationId: string): LocationRecords {
    let table = this.records.get(locationId);
    if (!table) this.records.set(locationId, (table = new LocationRecords(this.skuIndex)));
    return table;
  }

  #meta(): { locations: Record<string, OciLocation>; groups: Record<string, OciGroup>; exclusions: Record<string, string[]> } {
    return { locations: this.locations, groups: this.groups, exclusions: this.exclusions };
  }

  /** The state from its frames. */
  static load(frames: Iterable<Buffer>): OciTenantBook {
    const book = new OciTenantBook();
    for (const bytes of frames) {
      const { header, parts } = readFrame(bytes);
      switch (header.op) {
        case 'meta':
          book.locations = header.locations as Record<string, OciLocation>;
          book.groups = header.groups as Record<string, OciGroup>;
          book.exclusions = header.exclusions as Record<string, string[]>;
          break;
        case 'skus':
          book.skuIndex.addFrom(Number(header.from), readStrings(parts[0]!));
          break;
        case 'rows':
          applyRows(book.ensureRecords(String(header.loc)), header, parts);
          break;
        case 'del':
          applyDeletes(book.ensureRecords(String(header.loc)), parts);
          break;
        case 'drop':
          book.records.delete(String(header.loc));
          break;
        case 'applied':
          book.applied.apply(header);
          break;
        default:
          throw new Error(`unknown OCI tenant frame '${header.op}'`);
      }
    }
    book.forget();
    return book;
  }

  /**
   * The state from what an earlier version stored as plain JSON (`records` by location in a stored layout,
   * `applied` with ISO times), or from a fixture's plain object.
   */
  static fromPlain(raw: Partial<Record<keyof OciTenantState, unknown>>): OciTenantBook {
    const book = new OciTenantBook();
    Object.assign(book.locations, raw.locations);
    Object.assign(book.groups, raw.groups);
    Object.assign(book.exclusions, raw.exclusions);
    const index = SkuIndex.from(raw.skuIndex);
    book.skuIndex.addFrom(0, index.slice(0));
    const records = raw.records instanceof Map ? [...raw.records] : Object.entries((raw.records ?? {}) as Record<string, unknown>);
    for (const [loc, table] of records) book.records.set(loc, LocationRecords.from(table as Record<string, OciRecord>, book.skuIndex));
    const applied = raw.applied instanceof JournaledMap ? [...raw.applied] : Object.entries((raw.applied ?? {}) as Record<string, { at: string | number; digest: string }>);
    for (const [key, { at, digest }] of applied) book.applied.set(key, { at: typeof at === 'number' ? at : Date.parse(at), digest });
    return book;
  }
}

export const ociTenantJournal: JournalType = { name: OCI_TENANT_JOURNAL, load: (frames) => OciTenantBook.load(frames) };

export function emptyOciState(): OciTenantBook {
  return new OciTenantBook();
}
