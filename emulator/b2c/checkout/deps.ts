import type { VirtualClock } from '../../core/clock.js';
import type { Journal } from '../../core/journal.js';
import type { CatalogService } from '../catalog/service.js';
import type { IntegrationMode } from '../integration/model.js';
import type { Pairing } from '../inventory/pairing.js';
import type { NativeInventory } from '../inventory/service.js';
import type { OciReservations } from '../oci-reservations/client.js';
import type { StockService } from '../stock/service.js';
import type { HeldLine } from './model.js';
import type { StoredCheckout } from './stored-checkout.js';

// What baskets, basket reservations and orders share: the instance's checkout store, the catalog, stock per mode,
// native records (turnover), the site's list, the mode, the OCI place a list pairs with, OCI's reservations, the
// clock, the journal and new ids.

export interface CheckoutDeps {
  checkout(instanceId: string): StoredCheckout;
  touch(instanceId: string): void;
  catalog: CatalogService;
  stock: StockService;
  inventory: NativeInventory;
  /** The site's inventory list (null when none is assigned). */
  siteList(instanceId: string, siteId: string): string | null;
  mode(instanceId: string): IntegrationMode;
  pairing(instanceId: string, listId: string): Pairing;
  oci: OciReservations;
  clock: VirtualClock;
  journal: Journal;
  /** A new id of `chars` hex digits: seeded (the same seed gives the same ids), never repeated in the instance. */
  newId(instanceId: string, chars: number): string;
}

/** The lines of a basket or order summed per list and product, in first-seen order. */
export function summed(lines: readonly { listId: string | null; productId: string; quantity: number }[]): HeldLine[] {
  const byKey = new Map<string, HeldLine>();
  for (const l of lines) {
    if (l.listId === null) continue;
    const k = `${l.listId}\u0000${l.productId}`;
    const line = byKey.get(k);
    if (line) line.quantity += l.quantity;
    else byKey.set(k, { listId: l.listId, productId: l.productId, quantity: l.quantity });
  }
  return [...byKey.values()];
}

/** The lines placed at their lists' OCI places, or the first list that pairs with none. */
export function placed(deps: CheckoutDeps, instanceId: string, lines: readonly HeldLine[]): { tenantGroupId: string; lines: (HeldLine & { placeType: 'group' | 'location' })[] } | { unpaired: string } {
  let tenantGroupId = '';
  const out: (HeldLine & { placeType: 'group' | 'location' })[] = [];
  for (const l of lines) {
    const pairing = deps.pairing(instanceId, l.listId);
    if (!pairing) return { unpaired: l.listId };
    tenantGroupId = pairing.tenantGroupId;
    out.push({ ...l, placeType: pairing.type });
  }
  return { tenantGroupId, lines: out };
}
