import { AVAILABILITY, LOCATIONS, NoAnswer, RESERVATIONS, type Client } from './client.js';
import { between, type Sent, type Window } from './rules.js';

// The writers a kill interrupts, each keeping a ledger of what it sent and what was answered, and checking after
// the restart that what the rules require is there and what was refused is not. Each writer sends one request
// at a time, so at most one of its requests is in flight when the kill lands.

/** Shared by the writers of one workload: stop sending, and what went wrong meanwhile. */
export class Stop {
  stopped = false;
  readonly failures: string[] = [];
  fail(message: string): void {
    this.failures.push(message);
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Values a refused batch-update carried: far above anything accepted, so seeing one is unmistakable. */
const REFUSED_BASE = 10_000_000;

interface BatchWrite extends Sent {
  value: number;
  refused: boolean;
}

/**
 * batch-update of the same 16 records (4 SKUs × the 4 locations) again and again, each request with the next
 * value for all of them: after a restart each record holds the value of the last request that survived, so the
 * check is a range (no lower than the last required one, no higher than the last one sent) and the 16 records
 * agree (a request is applied whole or not at all). Every seventh request is refused (one record is invalid).
 */
export class BatchWriter {
  readonly skus: string[];
  #next = 1;
  #writes: BatchWrite[] = [];
  /** The value found after a restart: on disk since, never to be lost. */
  #floor: number | undefined;

  constructor(readonly index: number) {
    this.skus = [1, 2, 3, 4].map((j) => `BU${index}-${j}`);
  }

  async run(client: Client, stop: Stop, rng: () => number): Promise<void> {
    while (!stop.stopped) {
      const n = this.#next++;
      const refused = n % 7 === 0;
      const value = refused ? REFUSED_BASE + n : n;
      const records = this.skus.flatMap((sku) => LOCATIONS.map((location) => ({ id: `bu${this.index}-${n}-${sku}-${location}`, location, sku, onHand: value })));
      if (refused) records[records.length - 1]!.onHand = -1;
      const write: BatchWrite = { sentAt: performance.now(), value, refused };
      this.#writes.push(write);
      try {
        const res = await client.json('POST', `${AVAILABILITY}/batch-update`, { records });
        Object.assign(write, { ackAt: res.ackAt, status: res.status });
        if (res.status !== (refused ? 400 : 204)) stop.fail(`batch-update #${n} of BU${this.index}: answered ${res.status} ${JSON.stringify(res.body)}`);
      } catch (error) {
        if (error instanceof NoAnswer) return;
        throw error;
      }
      await pause(between(rng, 5, 25));
    }
  }

  verify(found: ReadonlyMap<string, { onHand: number }>, window: Window, problems: string[]): void {
    const name = `batch-update writer BU${this.index}`;
    const values = this.skus.flatMap((sku) => LOCATIONS.map((location) => found.get(`${sku}@${location}`)?.onHand));
    const value = values[0];
    if (values.some((v) => v !== value)) problems.push(`${name}: one request applied in part: ${JSON.stringify(values)}`);
    const accepted = this.#writes.filter((w) => !w.refused);
    const required = accepted.filter((w) => window.required(w)).at(-1);
    const lowest = Math.max(this.#floor ?? 0, required?.value ?? 0);
    const possible = new Set([...(this.#floor === undefined ? [] : [this.#floor]), ...accepted.map((w) => w.value)]);
    if (value === undefined) {
      if (lowest > 0) problems.push(`${name}: records missing; value ${lowest} was required (${required ? window.describe(required) : 'found after an earlier restart'})`);
    } else if (value >= REFUSED_BASE) {
      problems.push(`${name}: holds ${value}, from batch-update #${value - REFUSED_BASE}, which was refused with ${this.#writes.find((w) => w.value === value)?.status}`);
    } else if (!possible.has(value)) {
      problems.push(`${name}: holds ${value}, which was never sent (sent ${[...possible].join(', ')})`);
    } else if (value < lowest) {
      const lost = accepted.filter((w) => w.value > value && window.required(w));
      problems.push(`${name}: holds ${value} but ${lowest} was required; lost: ${lost.map((w) => `#${w.value} ${window.describe(w)}`).join('; ')}`);
    }
    // Values only grow: what is there now sums up everything before it.
    this.#floor = value;
    this.#writes = [];
  }
}

interface Document extends Sent {
  id: string;
  sku: string;
  location: string;
  quantity: number;
  refused: boolean;
  /** Found after a restart: on disk since. */
  onDisk: boolean;
}

/** The SKUs reservations take from: stock far beyond what the suite reserves, so every reservation is granted whole. */
export const RESERVED_SKUS = ['RSV-1', 'RSV-2', 'RSV-3', 'RSV-4'];
export const RESERVABLE_STOCK = 1_000_000;

/**
 * Reservation documents, one line each (a SKU at a location, 1–3 units, all or nothing). Every sixth request is
 * refused (an impossible reservationTime). After a restart each document is probed by a PUT of the same id with
 * other content: 409 EntityExists says it is there; 200 says it was not (and makes a document, which the ledger
 * then keeps as a new acknowledged write). The availability records' `reserved` must be the sum of what the
 * documents found hold: a document and its hold live in different namespaces, and one without the other is a
 * torn write.
 */
export class ReservationWriter {
  static #next = 1;
  readonly #docs = new Map<string, Document>();

  constructor(readonly index: number) {}

  async run(client: Client, stop: Stop, rng: () => number): Promise<void> {
    while (!stop.stopped) {
      const n = ReservationWriter.#next++;
      const doc: Document = {
        id: `rsv-${this.index}-${n}`,
        sku: RESERVED_SKUS[between(rng, 0, RESERVED_SKUS.length - 1)]!,
        location: LOCATIONS[between(rng, 0, LOCATIONS.length - 1)]!,
        quantity: between(rng, 1, 3),
        refused: n % 6 === 0,
        onDisk: false,
        sentAt: performance.now(),
      };
      this.#docs.set(doc.id, doc);
      const body = { allowPartialReservations: false, ...(doc.refused ? { reservationTime: '2026-13-99T99:99:99Z' } : {}), locations: [{ id: doc.location, reservations: [{ sku: doc.sku, quantity: doc.quantity }] }] };
      try {
        const res = await client.json('PUT', `${RESERVATIONS}/${doc.id}`, body);
        Object.assign(doc, { ackAt: res.ackAt, status: res.status });
        const granted = res.status === 200 && (res.body as { success?: boolean }).success === true;
        if (doc.refused ? res.status !== 400 : !granted) stop.fail(`reservation ${doc.id}: answered ${res.status} ${JSON.stringify(res.body)}`);
      } catch (error) {
        if (error instanceof NoAnswer) return;
        throw error;
      }
      await pause(between(rng, 10, 40));
    }
  }

  /**
   * Probes the documents not yet found after a restart, and a few that were, and adds what the ones found hold
   * to `holds` (by `sku@location`) for the caller's comparison with `reserved`.
   */
  async verify(client: Client, window: Window, rng: () => number, holds: Map<string, number>, problems: string[]): Promise<void> {
    const docs = [...this.#docs.values()];
    const known = docs.filter((d) => d.onDisk);
    const sample = new Set(Array.from({ length: Math.min(10, known.length) }, () => known[between(rng, 0, known.length - 1)]!));
    for (const doc of docs) {
      let present = true;
      if (!doc.onDisk || sample.has(doc)) {
        // Content no earlier request of this id had (a probe's own document included): 409 when it is there.
        const res = await client.json('PUT', `${RESERVATIONS}/${doc.id}`, { externalRefId: `probe-${ReservationWriter.#next++}`, allowPartialReservations: false, locations: [{ id: doc.location, reservations: [{ sku: doc.sku, quantity: 1 }] }] });
        present = res.status === 409 && (res.body as { errorCode?: string }).errorCode === 'EntityExists';
        const created = res.status === 200 && (res.body as { success?: boolean }).success === true;
        if (!present && !created) problems.push(`reservation ${doc.id}: the probe answered ${res.status} ${JSON.stringify(res.body)}`);
        if (present && doc.refused) problems.push(`reservation ${doc.id}: present, but its request was refused with ${doc.status}`);
        if (!present && (doc.onDisk || window.required(doc))) problems.push(`reservation ${doc.id}: lost (${doc.onDisk ? 'found after an earlier restart' : window.describe(doc)})`);
        if (created) {
          // The probe's document is a new write of its own.
          this.#docs.set(doc.id, { ...doc, quantity: 1, refused: false, onDisk: false, sentAt: res.sentAt, ackAt: res.ackAt, status: res.status });
        }
      }
      if (present) {
        doc.onDisk = true;
        const key = `${doc.sku}@${doc.location}`;
        holds.set(key, (holds.get(key) ?? 0) + doc.quantity);
      }
    }
  }
}

/** The virtual clock: advanced once per workload, then read again and again; it must never be behind a reading it was required to keep. */
export class ClockWatcher {
  #readings: (Sent & { epochMs: number })[] = [];
  #floor = 0;

  async run(client: Client, stop: Stop): Promise<void> {
    let advance = true;
    while (!stop.stopped) {
      try {
        const res = advance ? await client.json('POST', '/__emulator/clock/advance', { by: 37_000 }) : await client.json('GET', '/__emulator/clock');
        advance = false;
        if (res.status !== 200) stop.fail(`clock: answered ${res.status} ${JSON.stringify(res.body)}`);
        else this.#readings.push({ sentAt: res.sentAt, ackAt: res.ackAt, status: res.status, epochMs: (res.body as { epochMs: number }).epochMs });
      } catch (error) {
        if (error instanceof NoAnswer) return;
        throw error;
      }
      await pause(40);
    }
  }

  async verify(client: Client, window: Window, problems: string[]): Promise<void> {
    const res = await client.json('GET', '/__emulator/clock');
    if (res.status !== 200) {
      problems.push(`clock: answered ${res.status} after the restart`);
      return;
    }
    const now = (res.body as { epochMs: number }).epochMs;
    const required = this.#readings.filter((r) => window.required(r));
    const latest = required.reduce((max, r) => (r.epochMs > max.epochMs ? r : max), { epochMs: this.#floor } as { epochMs: number } & Partial<Sent>);
    if (now < latest.epochMs) {
      problems.push(`clock: went back ${latest.epochMs - now} ms across the restart (${new Date(now).toISOString()} after showing ${new Date(latest.epochMs).toISOString()}${latest.sentAt === undefined ? ' before an earlier restart' : `, ${window.describe(latest as Sent)}`})`);
    }
    this.#floor = Math.max(now, this.#floor);
    this.#readings = [];
  }
}
