import type { OversellCause } from '../causes.js';
import type { Cell, GapEntry } from './model.js';

// The arithmetic of the accounting, pure so that properties can be checked on it (test/oversell/ledger-props):
// how far OCI's view of a cell runs ahead of the shelf and why, and which of those reasons an oversold unit is
// blamed on. Every oversold unit gets exactly one cause: the entries are walked in time order and a unit beyond
// them gets the path's fallback.

/** Quantities carry three decimals; rounding keeps float noise out of the books. */
export const q3 = (n: number) => Math.round(n * 1000) / 1000;

export const sum = (entries: readonly GapEntry[]) => {
  let n = 0;
  for (const e of entries) n += e.units;
  return q3(n);
};

/** Units on the shelf no order has claimed (negative once orders were taken beyond it). */
export const free = (cell: Cell) => q3(cell.onHand - cell.claimed);

/**
 * Brings the stock entries in line with OCI's on-hand against the shelf's: a growing gap is explained by `cause`
 * (what just happened), a shrinking one takes the oldest reasons away first (an import reflecting the shelf as of
 * some time ago leaves the newest changes unexplained by it).
 */
export function reconcile(cell: Cell, cause: OversellCause, at: string): void {
  const want = Math.max(0, q3(cell.oci - cell.onHand));
  const have = sum(cell.stock);
  if (want > have) cell.stock.push({ units: q3(want - have), cause, at });
  else if (want < have) dropOldest(cell.stock, q3(have - want));
}

/** Takes `units` away from the oldest entries first. */
export function dropOldest(entries: GapEntry[], units: number): void {
  let left = units;
  while (left > 0 && entries.length > 0) {
    const first = entries[0]!;
    if (first.units <= left) {
      left = q3(left - first.units);
      entries.shift();
    } else {
      first.units = q3(first.units - left);
      left = 0;
    }
  }
}

/** Takes away up to `units` of the entries for one order (OCI reserved them, or the order is gone); answers how many. */
export function dropRef(entries: GapEntry[], ref: string, units = Infinity): number {
  let left = units;
  let taken = 0;
  for (let i = 0; i < entries.length && left > 0; ) {
    const e = entries[i]!;
    if (e.ref !== ref) {
      i++;
      continue;
    }
    const take = Math.min(e.units, left);
    left = q3(left - take);
    taken = q3(taken + take);
    e.units = q3(e.units - take);
    if (e.units <= 0) entries.splice(i, 1);
    else i++;
  }
  return taken;
}

/** One list, oldest first, of two lists each oldest first (stock changes and unknown orders). */
export function merged(a: readonly GapEntry[], b: readonly GapEntry[]): GapEntry[] {
  const out: GapEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.at <= b[j]!.at)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * Blames `units` oversold units on the reasons OCI ran ahead of the shelf. The first `spent` units of the
 * explanation were already blamed by earlier oversold orders (the shelf is that far below zero), so this order's
 * units are the next ones; past the explanation's end, `fallback`.
 */
export function blame(entries: readonly GapEntry[], spent: number, units: number, fallback: OversellCause): Partial<Record<OversellCause, number>> {
  const out: Partial<Record<OversellCause, number>> = {};
  const add = (cause: OversellCause, n: number) => {
    if (n > 0) out[cause] = q3((out[cause] ?? 0) + n);
  };
  let skip = spent;
  let left = units;
  for (const e of entries) {
    if (left <= 0) break;
    const usable = q3(e.units - Math.min(skip, e.units));
    skip = q3(Math.max(0, skip - e.units));
    if (usable <= 0) continue;
    const take = Math.min(usable, left);
    add(e.cause, take);
    left = q3(left - take);
  }
  add(fallback, left);
  return out;
}
