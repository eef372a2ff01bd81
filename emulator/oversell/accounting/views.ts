import { CAUSES, CAUSE_IDS, type OversellCause } from '../causes.js';
import { free, q3, sum } from './ledger.js';
import type { Cell, OrderRecord, PlaceTotals } from './model.js';
import type { OversellQuery } from './requests.js';

// GET /__emulator/oversell: totals, per SKU and place, per cause, and the timeline of oversold order lines; and
// the physical page's cells. Built from the book when asked, filtered by the query.

export interface OversellView {
  totals: { orders: number; units: number; oversoldOrders: number; oversoldUnits: number; backorderedUnits: number };
  byCause: { cause: OversellCause; label: string; lesson: string; units: number; orders: number }[];
  bySkuAndPlace: PlaceTotals[];
  timeline: { at: string; source: string; orderRef: string; path: string; place: string; sku: string; quantity: number; backordered?: number; oversold: number; causes: Partial<Record<OversellCause, number>> }[];
  /** True when a list was cut at `limit` (the timeline keeps the newest, the rows the most oversold). */
  truncated: boolean;
}

export function oversellView(places: Iterable<PlaceTotals>, orders: Iterable<OrderRecord>, query: OversellQuery): OversellView {
  const match = (tg: string, place: string, sku: string) =>
    (query.tenantGroupId === undefined || tg === query.tenantGroupId) && (query.place === undefined || place === query.place) && (query.sku === undefined || sku === query.sku);
  const rows = [...places].filter((p) => match(p.tenantGroupId, p.place, p.sku));
  const byCause = new Map<OversellCause, { units: number; orders: Set<string> }>();
  const timeline: OversellView['timeline'] = [];
  const oversoldOrders = new Set<string>();
  let orderCount = 0;
  let units = 0;
  let oversoldUnits = 0;
  let backorderedUnits = 0;
  for (const order of orders) {
    let counted = false;
    const id = `${order.source}\u0000${order.orderRef}`;
    for (const line of order.lines) {
      if (!match(order.tenantGroupId, line.place, line.sku)) continue;
      if (!counted) orderCount++;
      counted = true;
      units += line.quantity;
      backorderedUnits += line.backordered ?? 0;
      if (line.oversold <= 0) continue;
      oversoldUnits += line.oversold;
      oversoldOrders.add(id);
      for (const [cause, n] of Object.entries(line.causes) as [OversellCause, number][]) {
        const c = byCause.get(cause) ?? { units: 0, orders: new Set<string>() };
        c.units = q3(c.units + n);
        c.orders.add(id);
        byCause.set(cause, c);
      }
      timeline.push({ at: order.at, source: order.source, orderRef: order.orderRef, path: order.path, place: line.place, sku: line.sku, quantity: line.quantity, ...(line.backordered ? { backordered: line.backordered } : {}), oversold: line.oversold, causes: line.causes });
    }
  }
  const truncated = timeline.length > query.limit || rows.length > query.limit;
  return {
    totals: { orders: orderCount, units: q3(units), oversoldOrders: oversoldOrders.size, oversoldUnits: q3(oversoldUnits), backorderedUnits: q3(backorderedUnits) },
    byCause: CAUSE_IDS.filter((c) => byCause.has(c)).map((c) => ({ cause: c, label: CAUSES[c].label, lesson: CAUSES[c].lesson, units: byCause.get(c)!.units, orders: byCause.get(c)!.orders.size })),
    bySkuAndPlace: rows.sort((a, b) => b.oversoldUnits - a.oversoldUnits || cmp(a.place, b.place) || cmp(a.sku, b.sku)).slice(0, query.limit),
    timeline: timeline.length > query.limit ? timeline.slice(timeline.length - query.limit) : timeline,
    truncated,
  };
}

export function oversellText(view: OversellView): string {
  const t = view.totals;
  const lines = [`Oversold: ${t.oversoldUnits} units in ${t.oversoldOrders} of ${t.orders} orders (${t.units} units ordered${t.backorderedUnits > 0 ? `, ${t.backorderedUnits} backordered on OCI's future stock` : ''})`];
  for (const c of view.byCause) lines.push(`  ${String(c.units).padStart(8)}  ${c.label} (${c.orders} orders)`);
  if (view.timeline.length > 0) lines.push('', 'Timeline (oversold lines):');
  for (const e of view.timeline) {
    const causes = Object.entries(e.causes).map(([c, n]) => `${n} ${c}`).join(', ');
    lines.push(`  ${e.at}  ${e.source} ${e.orderRef}  ${e.sku} @ ${e.place}: ${e.oversold} of ${e.quantity} oversold (${causes})`);
  }
  return `${lines.join('\n')}\n`;
}

/** A cell as the physical page shows it: the shelf, the claims, and how far OCI runs ahead of it and why. */
export function cellView(cell: Cell) {
  const gap = (entries: Cell['stock']) => {
    const by: Partial<Record<OversellCause, number>> = {};
    for (const e of entries) by[e.cause] = q3((by[e.cause] ?? 0) + e.units);
    return by;
  };
  return {
    tenantGroupId: cell.tenantGroupId,
    location: cell.location,
    sku: cell.sku,
    onHand: cell.onHand,
    claimed: cell.claimed,
    free: free(cell),
    anchor: cell.anchor,
    oci: { onHand: cell.oci, aheadBy: q3(sum(cell.stock) + sum(cell.promises)), stock: gap(cell.stock), unknownOrders: gap(cell.promises) },
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
