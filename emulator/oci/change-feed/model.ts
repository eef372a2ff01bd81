// The change feed's shapes: the namespace it lives in, how long it keeps entries, and an entry as readers see it
// and as the journal writes runs of them (columns).

export const feedNamespace = (tenantGroupId: string) => `oci-feed.${tenantGroupId}`;

export const FEED_RETENTION_MS = 30 * 24 * 3_600_000;
export const DEFAULT_FEED_CAPACITY = 3_000_000;

export type PlaceKind = 'location' | 'group';

/** Figures of one location record around a change; what the event-log export reports as old/new. */
export interface EventFigures {
  quantity: number;
  oldOnHand: number;
  newOnHand: number;
  oldReserved: number;
  newReserved: number;
  oldSafetyStock: number;
  newSafetyStock: number;
  oldFutures: number;
  newFutures: number;
  oldSoftReserved: number;
  newSoftReserved: number;
}

export const FIGURES: readonly (keyof EventFigures)[] = [
  'quantity',
  'oldOnHand',
  'newOnHand',
  'oldReserved',
  'newReserved',
  'oldSafetyStock',
  'newSafetyStock',
  'oldFutures',
  'newFutures',
  'oldSoftReserved',
  'newSoftReserved',
];
export const WIDTH = FIGURES.length;

/** A run of entries as columns; codes of place, type and date index the lists beside them. */
export interface FeedColumns {
  /** Sequence number of the first entry. */
  seq: number;
  at: Float64Array;
  kind: Uint8Array;
  place: Int32Array;
  effective: Int32Array;
  figures: Float64Array;
  /** The run's distinct SKUs, and each entry's SKU as an index into them. */
  skuNames: readonly string[];
  skuCodes: Int32Array;
  places: readonly string[];
  types: readonly string[];
  dates: readonly string[];
}

/** One entry, read from the log's columns. */
export interface FeedEntryView {
  seq: number;
  at: number;
  place: 'location' | 'group';
  placeId: string;
  sku: string;
  eventType: string | undefined;
  effectiveDate: string | undefined;
  figure(name: keyof EventFigures): number;
}

export type FeedEntry = FeedEntryView;
