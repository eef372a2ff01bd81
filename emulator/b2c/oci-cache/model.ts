// The OCI cache of a B2C instance (namespace `b2c-cache.<instanceId>`): what OCI said about each SKU of each
// paired inventory list, and where each stream that fills it stands. Only the integration writes it; Business
// Manager, OCAPI and (in OCI mode) the storefront read it.

export const CACHE_JOURNAL = 'b2c-cache';
export const cacheNamespace = (instanceId: string) => `${CACHE_JOURNAL}.${instanceId}`;

/** Salesforce: "The cache holds at most 100,000,000 records". */
export const DEFAULT_CACHE_CAP = 100_000_000;

/** One future restock as OCI reported it. */
export interface CachedFuture {
  quantity: number;
  expectedDate: string;
}

/** What OCI said about a SKU at the list's place, and when the cache received it (epoch ms, virtual clock). */
export interface CachedRecord {
  ato: number;
  atf: number;
  onHand: number;
  safetyStock: number;
  reserved: number;
  futures: CachedFuture[];
  effectiveDate?: string;
  receivedAt: number;
}

export type StreamKind = 'dedicated' | 'combined';
export type CacheStatus = 'pending' | 'importing' | 'complete' | 'error';

/** The id of the one combined stream; a dedicated stream is named after its list. */
export const COMBINED = 'combined';

/** A stream as it follows OCI: a full import through an availability export, then get-deltas. */
export interface StreamState {
  id: string;
  kind: StreamKind;
  placeType: 'group' | 'location';
  /** The lists the streams' plan gives it now (a change asks for a new full import). */
  planned: string[];
  /** The lists (= OCI places) its last full import covered, and whose deltas it follows. */
  lists: string[];
  status: CacheStatus;
  /** Why it is in error, or why it waits (a night window). */
  reason?: string;
  /** The availability export of the full import under way. */
  exportId?: string;
  /** The lists the full import under way covers. */
  importing?: string[];
  deltaToken?: string;
  /** When the token was last written to the store. */
  tokenSavedAt?: number;
  /** A full import is due (a 410, a list joining or leaving, an error); not before `notBefore`. */
  fullImportDue: boolean;
  notBefore?: number;
  lastFullImport?: number;
  lastDelta?: number;
  /** The last poll that found no more changes waiting: how far behind the stream can be. */
  caughtUpAt?: number;
}

/** Per list: when it joined its stream (the combined stream's night import takes lists that joined before 01:00). */
export interface ListEntry {
  listId: string;
  stream: string;
  joinedAt: number;
  /** Its first full import in this stream finished. */
  lastFullImport?: number;
  lastDelta?: number;
}
