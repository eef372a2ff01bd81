// A capped, in-memory record of what happened: every HTTP exchange and every domain event, in one sequence.
// Consumers (sequence checker, oversell accounting, change feeds, the console log) subscribe to entries as they
// are recorded, so the cap only limits what can be queried later, never what they see.

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

export interface DomainEvent {
  type: string;
  tenant?: string | undefined;
  data?: Record<string, unknown>;
}

export class Journal {
  readonly capacity: number;
  #ring: (JournalEntry | undefined)[];
  #head = 0;
  #size = 0;
  #seq = 0;
  #listeners = new Set<JournalListener>();
  readonly #now: () => number;

  constructor(options: { capacity?: number; now: () => number }) {
    this.capacity = Math.max(1, options.capacity ?? 10_000);
    this.#ring = new Array(this.capacity);
    this.#now = options.now;
  }

  get size(): number {
    return this.#size;
  }

  get lastSeq(): number {
    return this.#seq;
  }

  recordRequest(entry: Omit<RequestEntry, 'seq' | 'kind' | 'time'>): RequestEntry {
    const full: RequestEntry = { seq: ++this.#seq, kind: 'request', time: new Date(this.#now()).toISOString(), ...entry };
    this.#append(full);
    for (const listener of this.#listeners) listener(full);
    return full;
  }

  /** Records a domain event and hands it to every subscriber before returning. */
  emit(event: DomainEvent): EventEntry {
    const full: EventEntry = {
      seq: ++this.#seq,
      kind: 'event',
      time: new Date(this.#now()).toISOString(),
      type: event.type,
      tenant: event.tenant,
      data: event.data ?? {},
    };
    this.#append(full);
    for (const listener of this.#listeners) listener(full);
    return full;
  }

  /** Every entry, requests and events, as it is recorded; consumers of domain events filter on `kind`. */
  subscribe(listener: JournalListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Newest last; `limit` keeps the newest matches. */
  query(q: JournalQuery = {}): JournalEntry[] {
    const limit = Math.min(Math.max(1, q.limit ?? 100), this.capacity);
    const out: JournalEntry[] = [];
    for (let i = this.#size - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.#ring[(this.#head + i) % this.capacity]!;
      if (q.afterSeq !== undefined && entry.seq <= q.afterSeq) break;
      if (matches(entry, q)) out.push(entry);
    }
    return out.reverse();
  }

  clear(): number {
    const n = this.#size;
    this.#ring = new Array(this.capacity);
    this.#head = 0;
    this.#size = 0;
    return n;
  }

  #append(entry: JournalEntry): void {
    if (this.#size < this.capacity) {
      this.#ring[(this.#head + this.#size) % this.capacity] = entry;
      this.#size++;
    } else {
      this.#ring[this.#head] = entry;
      this.#head = (this.#head + 1) % this.capacity;
    }
  }
}

function matches(e: JournalEntry, q: JournalQuery): boolean {
  if (q.kind && e.kind !== q.kind) return false;
  if (q.tenant !== undefined && e.tenant !== q.tenant) return false;
  if (q.since !== undefined && Date.parse(e.time) < q.since) return false;
  if (q.until !== undefined && Date.parse(e.time) > q.until) return false;
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
