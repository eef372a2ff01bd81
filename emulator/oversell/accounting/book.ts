import type { VirtualClock } from '../../core/clock.js';
import type { Journal } from '../../core/journal.js';
import type { Store } from '../../core/store/store.js';
import type { Services } from '../../party.js';
import type { OversellCause } from '../causes.js';
import { blame, dropRef, free, merged, q3, reconcile, sum } from './ledger.js';
import { cellKey, OVERSELL_NAMESPACE, placeKey, type Cell, type GapEntry, type OrderLine, type OrderPath, type OrderRecord } from './model.js';
import { StoredOversell } from './stored.js';

// The book both halves write: the physical cells, the orders and their claims, and the totals. It reads OCI only
// through OCI's services: a cell's on-hand when an order first needs it, and the change feed, which it follows
// lazily (before anything is counted or read) to learn which on-hand figures OCI was told since it last looked.

export interface BookDeps {
  store: Store;
  clock: VirtualClock;
  journal: Journal;
  services: Services;
}

/** What decided the order, and the reason OCI lacks it if it does (the entry each claimed cell gets). */
export interface Decision {
  path: OrderPath;
  /** The cause of every oversold unit when the path does not read OCI (native sales, captured orders). */
  cause?: OversellCause;
  /** OCI does not know this order: its claims are explained by this cause until OCI reserves it. */
  unknownToOci?: OversellCause;
}

export interface WantedLine {
  place: string;
  placeType: 'location' | 'group';
  sku: string;
  quantity: number;
}

export class OversellBook {
  readonly #d: BookDeps;

  constructor(deps: BookDeps) {
    this.#d = deps;
  }

  /** Kept between calls (every event reads it); `forget` drops it when the store's namespaces were replaced. */
  #stored: StoredOversell | undefined;

  get stored(): StoredOversell {
    return (this.#stored ??= this.#d.store.ensure<StoredOversell>(OVERSELL_NAMESPACE, () => new StoredOversell()));
  }

  forget(): void {
    this.#stored = undefined;
  }

  touch(): void {
    this.#d.store.touch(OVERSELL_NAMESPACE);
  }

  iso(): string {
    return this.#d.clock.iso();
  }

  /** The cell, anchored on OCI's on-hand when no count made it (undefined: neither counted nor known to OCI). */
  cell(tenantGroupId: string, location: string, sku: string): Cell | undefined {
    const stored = this.stored;
    const key = cellKey(tenantGroupId, location, sku);
    const known = stored.cells.get(key);
    if (known) return known;
    const figures = this.#d.services.oci?.figures(tenantGroupId, 'location', location, sku);
    if (!figures) return undefined;
    const cell: Cell = { tenantGroupId, location, sku, onHand: figures.onHand, claimed: 0, oci: figures.onHand, anchor: 'oci', stock: [], promises: [] };
    stored.cells.set(key, cell);
    return cell;
  }

  /** A cell for a count or a receipt: made when absent, starting from nothing on the shelf. */
  cellToCount(tenantGroupId: string, location: string, sku: string): Cell {
    const existing = this.cell(tenantGroupId, location, sku);
    if (existing) return existing;
    const cell: Cell = { tenantGroupId, location, sku, onHand: 0, claimed: 0, oci: 0, anchor: 'count', stock: [], promises: [] };
    this.stored.cells.set(cellKey(tenantGroupId, location, sku), cell);
    return cell;
  }

  changed(cell: Cell): void {
    this.stored.cells.changed(cellKey(cell.tenantGroupId, cell.location, cell.sku));
  }

  /** Learns what OCI was told since the accounting last looked: each changed cell's on-hand against the shelf's. */
  catchUp(tenantGroupId: string): void {
    const oci = this.#d.services.oci;
    if (!oci) return;
    const stored = this.stored;
    const cursor = stored.cursors.get(tenantGroupId);
    const head = oci.feedHead(tenantGroupId);
    if (cursor === head) return;
    const at = this.iso();
    const look = (cell: Cell) => {
      const onHand = oci.onHandAt(tenantGroupId, cell.location, cell.sku) ?? 0;
      if (onHand === cell.oci) return;
      cell.oci = onHand;
      reconcile(cell, 'stale-oci-data', at);
      this.changed(cell);
    };
    const last =
      cursor === undefined
        ? undefined
        : oci.locationChangesSince(tenantGroupId, cursor, (location, sku) => {
            const cell = stored.cells.get(cellKey(tenantGroupId, location, sku));
            if (cell) look(cell);
          });
    // No cursor yet, or the feed no longer keeps what followed it: look at every cell of the tenant group.
    if (last === undefined) for (const cell of stored.cells.values()) if (cell.tenantGroupId === tenantGroupId) look(cell);
    stored.cursors.set(tenantGroupId, last ?? head);
    this.touch();
  }

  /** The cells an order line at a place claims from: the location's, or each member's of a group. */
  cellsAt(tenantGroupId: string, line: WantedLine): Cell[] | undefined {
    const locations = line.placeType === 'location' ? [line.place] : (this.#d.services.oci?.groupLocations(tenantGroupId, line.place) ?? []);
    const cells: Cell[] = [];
    for (const location of locations) {
      const cell = this.cell(tenantGroupId, location, line.sku);
      if (cell) cells.push(cell);
    }
    return cells.length > 0 ? cells : undefined;
  }

  /**
   * Claims an order's units from the shelf in order of arrival: what its place cannot cover once every earlier
   * order is served is oversold, and each oversold unit is blamed on one cause. Lines at places the accounting
   * cannot see (no count, no OCI record) are left out. Answers the order as recorded.
   */
  take(order: Omit<OrderRecord, 'lines' | 'open'>, wanted: readonly WantedLine[], decision: Decision, key: string): OrderRecord {
    const lines: OrderLine[] = [];
    for (const want of wanted) {
      const cells = this.cellsAt(order.tenantGroupId, want);
      if (!cells) continue;
      lines.push(this.#claim(cells, want, decision, key, order.at));
    }
    const record: OrderRecord = { ...order, lines, open: true };
    this.stored.putOrder(key, record);
    this.#count(record);
    this.touch();
    return record;
  }

  #claim(cells: Cell[], want: WantedLine, decision: Decision, key: string, at: string): OrderLine {
    // The group's members with the most free units serve first; units beyond them are claimed on its first member.
    const below = q3(cells.reduce((n, c) => n + Math.max(0, -free(c)), 0));
    const order = [...cells].sort((a, b) => free(b) - free(a) || (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
    const claims: { location: string; units: number }[] = [];
    let left = want.quantity;
    for (const cell of order) {
      const units = Math.min(left, Math.max(0, free(cell)));
      if (units <= 0) continue;
      claims.push({ location: cell.location, units });
      left = q3(left - units);
    }
    let backordered = 0;
    let causes: Partial<Record<OversellCause, number>> = {};
    if (left > 0) {
      const first = claims.find((c) => c.location === cells[0]!.location);
      if (first) first.units = q3(first.units + left);
      else claims.push({ location: cells[0]!.location, units: left });
      ({ backordered, causes } = this.#beyondShelf(cells, decision, below, left));
    }
    for (const c of claims) {
      const cell = cells.find((x) => x.location === c.location)!;
      cell.claimed = q3(cell.claimed + c.units);
      if (decision.unknownToOci) cell.promises.push({ units: c.units, cause: decision.unknownToOci, at, ref: key });
      this.changed(cell);
    }
    const oversold = q3(left - backordered);
    return { place: want.place, placeType: want.placeType, sku: want.sku, quantity: want.quantity, claims, ...(backordered > 0 ? { backordered } : {}), oversold, causes };
  }

  /**
   * The units an order takes beyond the shelves, where `below` were taken beyond them before. In the view that let
   * it through they are, in turn: units OCI only thought were there (its gap to the shelf, explained by the
   * entries), then OCI's future stock — sold on purpose, as backorders — then nothing at all.
   */
  #beyondShelf(cells: readonly Cell[], decision: Decision, below: number, units: number): { backordered: number; causes: Partial<Record<OversellCause, number>> } {
    const explanation = cells.reduce<GapEntry[]>((all, c) => merged(all, merged(c.stock, c.promises)), []);
    const gap = sum(explanation);
    // Native inventory knows nothing of OCI's futures.
    const futures = decision.path === 'native' ? 0 : this.#futures(cells);
    const overlap = (from: number, to: number) => Math.max(0, q3(Math.min(below + units, to) - Math.max(below, from)));
    const inGap = overlap(0, gap);
    const backordered = overlap(gap, q3(gap + futures));
    const oversold = q3(units - backordered);
    if (oversold <= 0) return { backordered, causes: {} };
    if (decision.cause) return { backordered, causes: { [decision.cause]: oversold } };
    const causes = blame(explanation, Math.min(below, gap), inGap, 'stale-oci-data');
    const beyond = q3(oversold - inGap);
    if (beyond > 0) causes['stale-oci-data'] = q3((causes['stale-oci-data'] ?? 0) + beyond);
    return { backordered, causes };
  }

  /** The future stock OCI expects at these cells' locations now. */
  #futures(cells: readonly Cell[]): number {
    const oci = this.#d.services.oci;
    let total = 0;
    for (const c of cells) for (const f of oci?.figures(c.tenantGroupId, 'location', c.location, c.sku)?.futures ?? []) total += f.quantity;
    return q3(total);
  }

  /** Gives an order's claims back (cancelled, failed): its units return to the shelf, OCI no longer lacks it. */
  release(key: string): OrderRecord | undefined {
    const stored = this.stored;
    const record = stored.orders.get(key);
    if (!record || !record.open) return undefined;
    for (const line of record.lines) {
      for (const c of line.claims) {
        const cell = stored.cells.get(cellKey(record.tenantGroupId, c.location, line.sku));
        if (!cell) continue;
        cell.claimed = q3(cell.claimed - c.units);
        dropRef(cell.promises, key);
        this.changed(cell);
      }
    }
    record.open = false;
    stored.orders.changed(key);
    this.touch();
    return record;
  }

  /** OCI reserved units for an order it lacked: that many of its unknown units are known now. */
  known(key: string, place: string, sku: string, units: number): void {
    const stored = this.stored;
    const record = stored.orders.get(key);
    if (!record || !record.open) return;
    let left = units;
    for (const line of record.lines) {
      if (line.place !== place || line.sku !== sku) continue;
      for (const c of line.claims) {
        if (left <= 0) return;
        const cell = stored.cells.get(cellKey(record.tenantGroupId, c.location, sku));
        if (!cell) continue;
        left = q3(left - dropRef(cell.promises, key, left));
        this.changed(cell);
      }
    }
    this.touch();
  }

  /** Adds the order to its places' totals: once per place and SKU, however many lines it has there. */
  #count(record: OrderRecord): void {
    const places = this.stored.places;
    const counted = new Set<string>();
    const oversold = new Set<string>();
    for (const line of record.lines) {
      const key = placeKey(record.tenantGroupId, line.place, line.sku);
      const totals = places.get(key) ?? { tenantGroupId: record.tenantGroupId, place: line.place, sku: line.sku, orders: 0, units: 0, oversoldOrders: 0, oversoldUnits: 0, byCause: {} };
      if (!counted.has(key)) totals.orders += 1;
      counted.add(key);
      totals.units = q3(totals.units + line.quantity);
      if (line.oversold > 0) {
        if (!oversold.has(key)) totals.oversoldOrders += 1;
        oversold.add(key);
        totals.oversoldUnits = q3(totals.oversoldUnits + line.oversold);
        for (const [cause, units] of Object.entries(line.causes) as [OversellCause, number][]) totals.byCause[cause] = q3((totals.byCause[cause] ?? 0) + units);
      }
      places.set(key, totals);
    }
  }
}
