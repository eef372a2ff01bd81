import { qty } from '../availability/arithmetic.js';
import type { OciRecord } from '../model.js';
import { recordsAt } from '../records/records-at.js';
import type { OciTenants } from '../tenants.js';
import type { Txn } from './txn.js';

// What reservations do to availability records (oci-api.md §2.4), one location and SKU at a time:
// - a location reservation adds to the location's `reserved`;
// - a group reservation holds stock on member locations (`groupHolds[group]`), least-shared locations first;
//   holds never show in a location's own figures, but they do make that stock unavailable to anyone else;
// - a fulfillment takes from `reserved` and `onHand` (onHand stays when the fulfillment predates the record's
//   effectiveDate, §2.6).
// What can be reserved at a location is its ATO (its ATF for fulfill-only requests) less the holds on it.

export type Basis = 'ato' | 'atf';

export class Holdings {
  readonly #tenants: OciTenants;

  constructor(tenants: OciTenants) {
    this.#tenants = tenants;
  }

  /** What a new reservation can still take at the location. */
  free(txn: Txn, locationId: string, sku: string, basis: Basis): number {
    return recordsAt(txn.state, locationId)?.available(sku, basis === 'ato') ?? 0;
  }

  /** Member locations of the group in the order group reservations use them: least shared first. */
  members(txn: Txn, groupId: string): readonly string[] {
    return this.#tenants.reservationOrder(txn.tenantGroupId, groupId);
  }

  /**
   * What a new reservation can take at the group (0 for a SKU excluded from it); with `enough`, counting stops
   * once that much is found (all a caller wanting that much needs to know).
   */
  groupFree(txn: Txn, groupId: string, sku: string, basis: Basis, enough = Infinity): number {
    if (this.#tenants.isExcluded(txn.tenantGroupId, groupId, sku)) return 0;
    let sum = 0;
    for (const id of this.members(txn, groupId)) {
      sum += this.free(txn, id, sku, basis);
      if (sum >= enough) break;
    }
    return qty(sum);
  }

  /** Holds up to `quantity` for the group on its members, least shared first; answers where (the caller checked there is enough). */
  holdForGroup(txn: Txn, groupId: string, sku: string, quantity: number, basis: Basis): Record<string, number> {
    const placed: Record<string, number> = {};
    let left = quantity;
    for (const id of this.members(txn, groupId)) {
      if (left <= 0) break;
      const take = Math.min(left, this.free(txn, id, sku, basis));
      if (take <= 0) continue;
      this.addHold(txn, id, groupId, sku, take);
      placed[id] = qty((placed[id] ?? 0) + take);
      left = qty(left - take);
    }
    return placed;
  }

  /** Adds (or with a negative quantity, takes away) stock held on the location for the group. */
  addHold(txn: Txn, locationId: string, groupId: string, sku: string, quantity: number): void {
    txn.touch(locationId, sku).addHold(sku, groupId, quantity);
  }

  /** Adds to (or with a negative quantity, takes from) the location's own reserved. */
  addReserved(txn: Txn, locationId: string, sku: string, quantity: number): void {
    txn.touch(locationId, sku).addReserved(sku, quantity);
  }

  reservedAt(txn: Txn, locationId: string, sku: string): number {
    return recordsAt(txn.state, locationId)?.reservedOf(sku) ?? 0;
  }

  /** Everything held for the group on its members. */
  heldForGroup(txn: Txn, groupId: string, sku: string): number {
    let sum = 0;
    for (const id of txn.state.groups[groupId]?.locations ?? []) sum += recordsAt(txn.state, id)?.heldFor(sku, groupId) ?? 0;
    return qty(sum);
  }

  heldAt(txn: Txn, locationId: string, groupId: string, sku: string): number {
    return recordsAt(txn.state, locationId)?.heldFor(sku, groupId) ?? 0;
  }

  /** Ships reserved stock: reserved goes down, and onHand too unless the shipment predates the stock count. */
  fulfill(txn: Txn, locationId: string, sku: string, quantity: number, fulfillmentTime: string | undefined): void {
    const records = txn.touch(locationId, sku);
    const effective = records.effectiveDateOf(sku);
    const early = fulfillmentTime !== undefined && effective !== undefined && Date.parse(fulfillmentTime) < Date.parse(effective);
    records.ship(sku, quantity, early);
  }
}

export function heldOn(r: OciRecord): number {
  if (!r.groupHolds) return 0;
  let sum = 0;
  for (const held of Object.values(r.groupHolds)) sum += held;
  return sum;
}
