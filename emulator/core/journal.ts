import { Interner } from './interner.js';
import { correlationIdOf } from './correlation.js';
import { activeRequest } from './active-request.js';

// A capped, in-memory record of what happened: every HTTP exchange and every domain event, in one sequence.
// Consumers (sequence checker, oversell accounting, change feeds, the console log) subscribe to entries as they
// are recorded, so the cap only limits what can be queried later, never what they see.
//
// Kept as columns rather than one object per entry, with repeated strings (paths, tenants, clients) interned: a
// busy emulator records thousands of requests a second, and entries that live for the next 10 000 requests
// would otherwise all be promoted to the old generation, only to die there and cost full collections.

export interface RequestEntry {
  seq: number;
  kind: 'request';
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  api: string;
  tenant?: string | undefined;
  client?: string | undefined;
  correlationId?: string | undefined;
  note?: string | undefined;
}

export interface EventEntry {
  seq: number;
  kind: 'event';
  time: string;
  type: string;
  tenant?: string | undefined;
  data: Record<string, unknown>;
  /** The request that caused it, when it happened inside a changing request's handler (core/active-request.ts). */
  correlationId?: string | undefined;
  /** The client of that request. */
  client?: string | undefined;
}

export type JournalEntry = RequestEntry | EventEntry;

export interface JournalQuery {
  kind?: 'request' | 'event';
  /** Event type; a trailing `*` matches a prefix (`trust.*`). */
  type?: string;
  method?: string;
  /** Path prefix; a leading `*` matches anywhere in the path. */
  path?: string;
  status?: number;
  tenant?: string;
  client?: string;
  api?: string;
  since?: number;
  until?: number;
  afterSeq?: number;
  limit?: number;
}

export type JournalListener = (entry: JournalEntry) => void;
export type EventListener = (entry: EventEntry) => void;

export interface DomainEvent {
  type: string;
  tenant?: string | undefined;
  data?: Record<string, unknown>;
}

/** What a request contributes; `time` and `seq` are the journal's. A made-up correlation id comes as its number. */
export type RequestRecord = Omit<RequestEntry, 'seq' | 'kind' | 'time'> & { correlationSeq?: number | undefined };

const REQUEST = 0;
const EVENT = 1;
const INTERN_LIMIT = 50_000;

export class Journal {
  readonly capacity: number;
  readonly #now: () => number;
  #listeners = new Set<JournalListener>();
  #eventListeners = new Set<EventListener>();
  readonly #interned = new Interner(INTERN_LIMIT);
  #head = 0;
  #size = 0;
  #seq = 0;
  // One slot per entry in every column.
  #seqs: Float64Array;
  #kinds: Uint8Array;
  #ats: Float64Array;
  #statuses: Uint16Array;
  #durations: Float64Array;
  #correlations: Float64Array;
  #texts: (string | undefined)[][];
  #data: (Record<string, unknown> | undefined)[];

  constructor(options: { capacity?: number; now: () => number }) {
    this.capacity = Math.max(1, options.capacity ?? 10_000);
    this.#now = options.now;
    const n = this.capacity;
    this.#seqs = new Float64Array(n);
    this.#kinds = new Uint8Array(n);
    this.#ats = new Float64Array(n);
    this.#statuses = new Uint16Array(n);
    this.#durations = new Float64Array(n);
    this.#correlations = new Float64Array(n);
    // method/type, path, api, tenant, client, correlationId, note
    this.#texts = Array.from({ length: 7 }, () => new Array<string | undefined>(n));
    this.#data = new Array(n);
  }

  get size(): number {
    return this.#size;
  }

  get lastSeq(): number {
    return this.#seq;
  }

  recordRequest(entry: RequestRecord): void {
    const slot = this.#slot(REQUEST);
    this.#statuses[slot] = entry.status;
    this.#durations[slot] = entry.durationMs;
    this.#correlations[slot] = entry.correlationSeq ?? 0;
    this.#setTexts(slot, entry.method, this.#intern(entry.path), entry.api, this.#intern(entry.tenant), this.#intern(entry.client), entry.correlationId, entry.note);
    this.#data[slot] = undefined;
    if (this.#listeners.size > 0) this.#tell(slot);
  }

  /** Records a domain event and hands it to every subscriber before returning (the entry is built only for them). */
  emit(event: DomainEvent): void {
    const slot = this.#slot(EVENT);
    const request = activeRequest();
    this.#correlations[slot] = request?.correlationSeq ?? 0;
    const correlationId = request && request.correlationSeq === undefined ? request.correlationId : undefined;
    this.#setTexts(slot, event.type, undefined, undefined, this.#intern(event.tenant), this.#intern(request?.client), correlationId, undefined);
    this.#data[slot] = event.data ?? {};
    if (this.#listeners.size > 0) this.#tell(slot);
    if (this.#eventListeners.size > 0) {
      // Built here from what is at hand (not from the columns): events of every order and basket pass by.
      const caused = request?.correlationId;
      const entry: EventEntry = { seq: this.#seqs[slot]!, kind: 'event', time: new Date(this.#ats[slot]!).toISOString(), type: event.type, tenant: event.tenant, data: this.#data[slot]!, ...(caused ? { correlationId: caused } : {}), ...(request?.client ? { client: request.client } : {}) };
      for (const listener of this.#eventListeners) listener(entry);
    }
  }

  /** Every entry, requests and events, as it is recorded; consumers of domain events filter on `kind`. */
  subscribe(listener: JournalListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Domain events only, as they are emitted (requests build no entry for these listeners). */
  subscribeEvents(listener: EventListener): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Newest last; `limit` keeps the newest matches. */
  query(q: JournalQuery = {}): JournalEntry[] {
    const limit = Math.min(Math.max(1, q.limit ?? 100), this.capacity);
    const out: JournalEntry[] = [];
    for (let i = this.#size - 1; i >= 0 && out.length < limit; i--) {
      const slot = (this.#head + i) % this.capacity;
      if (q.afterSeq !== undefined && this.#seqs[slot]! <= q.afterSeq) break;
      const entry = this.#entry(slot);
      if (matches(entry, this.#ats[slot]!, q)) out.push(entry);
    }
    return out.reverse();
  }

  clear(): number {
    const n = this.#size;
    this.#head = 0;
    this.#size = 0;
    this.#data.fill(undefined);
    for (const column of this.#texts) column.fill(undefined);
    this.#interned.clear();
    return n;
  }

  #slot(kind: number): number {
    let slot: number;
    if (this.#size < this.capacity) {
      slot = (this.#head + this.#size) % this.capacity;
      this.#size++;
    } else {
      slot = this.#head;
      this.#head = (this.#head + 1) % this.capacity;
    }
    this.#seqs[slot] = ++this.#seq;
    this.#kinds[slot] = kind;
    this.#ats[slot] = this.#now();
    return slot;
  }

  #setTexts(slot: number, ...values: (string | undefined)[]): void {
    for (let c = 0; c < values.length; c++) this.#texts[c]![slot] = values[c];
  }

  #intern(text: string | undefined): string | undefined {
    return text === undefined ? undefined : this.#interned.intern(text);
  }

  #tell(slot: number): void {
    const entry = this.#entry(slot);
    for (const listener of this.#listeners) listener(entry);
  }

  #entry(slot: number): JournalEntry {
    const [first, path, api, tenant, client, correlationId, note] = this.#texts.map((c) => c[slot]);
    const base = { seq: this.#seqs[slot]!, time: new Date(this.#ats[slot]!).toISOString() };
    if (this.#kinds[slot] === EVENT) {
      const caused = correlationId ?? (this.#correlations[slot] ? correlationIdOf(this.#correlations[slot]!) : undefined);
      return { ...base, kind: 'event', type: first!, tenant, data: this.#data[slot] ?? {}, ...(caused ? { correlationId: caused } : {}), ...(client ? { client } : {}) };
    }
    return {
      ...base,
      kind: 'request',
      method: first!,
      path: path!,
      status: this.#statuses[slot]!,
      durationMs: this.#durations[slot]!,
      api: api!,
      tenant,
      client,
      correlationId: correlationId ?? (this.#correlations[slot] ? correlationIdOf(this.#correlations[slot]!) : undefined),
      note,
    };
  }
}

function matches(e: JournalEntry, at: number, q: JournalQuery): boolean {
  if (q.kind && e.kind !== q.kind) return false;
  if (q.tenant !== undefined && e.tenant !== q.tenant) return false;
  if (q.since !== undefined && at < q.since) return false;
  if (q.until !== undefined && at > q.until) return false;
  if (e.kind === 'event') {
    if (q.method || q.path || q.status !== undefined || q.client || q.api) return false;
    if (q.type && !matchType(e.type, q.type)) return false;
    return true;
  }
  if (q.type) return false;
  if (q.method && e.method !== q.method.toUpperCase()) return false;
  if (q.status !== undefined && e.status !== q.status) return false;
  if (q.client && e.client !== q.client) return false;
  if (q.api && e.api !== q.api) return false;
  if (q.path) {
    const hit = q.path.startsWith('*') ? e.path.includes(q.path.slice(1)) : e.path.startsWith(q.path);
    if (!hit) return false;
  }
  return true;
}

function matchType(type: string, pattern: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}
