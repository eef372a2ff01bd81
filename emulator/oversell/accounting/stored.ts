import type { Journaled, JournalType } from '../../core/store/journaled.js';
import { JournaledMap, replayInto } from '../../core/store/journaled-map.js';
import type { Cell, InstanceHistory, OrderRecord, PlaceTotals } from './model.js';

// The accounting as it is kept: journaled maps, so a day of a hundred thousand orders writes each order once,
// never the whole book. Keys hold ids from users (tenant groups, locations, SKUs, order numbers) inside Maps.
// One index is derived, never stored: orders by the reference OCI reservations name them with.

export const OVERSELL_JOURNAL = 'oversell';

export class StoredOversell implements Journaled {
  readonly journalType = OVERSELL_JOURNAL;
  readonly cells = new JournaledMap<Cell>('cells');
  readonly orders = new JournaledMap<OrderRecord>('orders');
  readonly places = new JournaledMap<PlaceTotals>('places');
  readonly instances = new JournaledMap<InstanceHistory>('instances');
  /** Per tenant group: how far into OCI's change feed the accounting has looked. */
  readonly cursors = new JournaledMap<number>('cursors');
  #byRef: Map<string, string[]> | undefined;

  /** The keys of the orders a tenant group's reservations would name `orderRef`. */
  ordersByRef(tenantGroupId: string, orderRef: string): readonly string[] {
    return this.#refs().get(`${tenantGroupId}\u0000${orderRef}`) ?? [];
  }

  putOrder(key: string, order: OrderRecord): void {
    if (!this.orders.has(key) && this.#byRef) this.#index(key, order);
    this.orders.set(key, order);
  }

  #refs(): Map<string, string[]> {
    if (!this.#byRef) {
      this.#byRef = new Map();
      for (const [key, order] of this.orders) this.#index(key, order);
    }
    return this.#byRef;
  }

  #index(key: string, order: OrderRecord): void {
    const k = `${order.tenantGroupId}\u0000${order.orderRef}`;
    const list = this.#byRef!.get(k);
    if (list) list.push(key);
    else this.#byRef!.set(k, [key]);
  }

  #maps(): JournaledMap<unknown>[] {
    return [this.cells, this.orders, this.places, this.instances, this.cursors] as JournaledMap<unknown>[];
  }

  drain(): Buffer[] | 'image' {
    if (this.#maps().some((m) => m.mostlyChanged)) return 'image';
    const frames: Buffer[] = [];
    for (const m of this.#maps()) m.drainInto(frames);
    return frames;
  }

  forget(): void {
    for (const m of this.#maps()) m.forget();
  }

  *image(): Iterator<Buffer> {
    for (const m of this.#maps()) yield* m.imageFrames();
  }

  static load(frames: Iterable<Buffer>): StoredOversell {
    const stored = new StoredOversell();
    replayInto(frames, stored.#maps(), OVERSELL_JOURNAL);
    stored.forget();
    return stored;
  }
}

export const oversellJournal: JournalType = { name: OVERSELL_JOURNAL, load: (frames) => StoredOversell.load(frames) };
