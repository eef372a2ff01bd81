import type { OversellCause } from '../causes.js';

// What the oversell accounting keeps (namespace `oversell`, journaled: a busy day's orders each write themselves,
// never the whole book). Quantities carry three decimals, as OCI's do.

export const OVERSELL_NAMESPACE = 'oversell';

/**
 * Units OCI counts that are not on the shelf for it, with why: a stock change OCI has not been told of (a store
 * sale, a shipment, a count, an import stating more than was there) or an order OCI does not know (`ref`).
 */
export interface GapEntry {
  units: number;
  cause: OversellCause;
  /** Virtual time it arose (ISO); entries are kept oldest first. */
  at: string;
  /** For an order OCI does not know: the order's key (the entry goes when OCI reserves it or it is cancelled). */
  ref?: string;
}

/** One location's SKU: the physical truth beside what OCI was last seen to hold. */
export interface Cell {
  tenantGroupId: string;
  location: string;
  sku: string;
  /** Units in the building. */
  onHand: number;
  /** Units promised to open orders (set aside: a store sale cannot take them). May exceed onHand once oversold. */
  claimed: number;
  /** OCI's on-hand for it when last looked at (0 when OCI has no record). */
  oci: number;
  /** How the physical figure started: a stock count, or OCI's own on-hand the first time an order needed it. */
  anchor: 'count' | 'oci';
  /** OCI's on-hand above the physical one, explained; sums to max(0, oci − onHand). */
  stock: GapEntry[];
  /** Orders claiming units here that OCI does not know of. */
  promises: GapEntry[];
}

/** How an order got past the guard that should have stopped it (which view of stock decided). */
export type OrderPath = 'oci' | 'native' | 'capture' | 'channel';

export interface OrderLine {
  /** The location or group the line was placed at (a B2C list's id is its place's External Reference). */
  place: string;
  placeType: 'location' | 'group';
  sku: string;
  quantity: number;
  /** Where its units were claimed: by location, oversold units on the place's first location. */
  claims: { location: string; units: number }[];
  /** Units beyond the shelf that OCI's future stock covers: sold on purpose, not oversold. */
  backordered?: number;
  oversold: number;
  causes: Partial<Record<OversellCause, number>>;
}

export interface OrderRecord {
  /** `b2c:<instance>` or `channel:<name>`. */
  source: string;
  orderRef: string;
  tenantGroupId: string;
  at: string;
  path: OrderPath;
  lines: OrderLine[];
  /** Whether its claims still stand (a cancelled or failed order gives them back). */
  open: boolean;
}

/** Per tenant group, place and SKU: what was ordered and oversold. */
export interface PlaceTotals {
  tenantGroupId: string;
  place: string;
  sku: string;
  orders: number;
  units: number;
  oversoldOrders: number;
  oversoldUnits: number;
  byCause: Partial<Record<OversellCause, number>>;
}

/** Per B2C instance: what the accounting needs to know of its modes. */
export interface InstanceHistory {
  /** Whether it has ever been in Omnichannel Inventory mode (a later native sale is on stale native data). */
  wasOci: boolean;
  switches: string[];
}

export const cellKey = (tenantGroupId: string, location: string, sku: string) => `${tenantGroupId}\u0000${location}\u0000${sku}`;
export const orderKey = (source: string, orderRef: string) => `${source}\u0000${orderRef}`;
export const placeKey = (tenantGroupId: string, place: string, sku: string) => `${tenantGroupId}\u0000${place}\u0000${sku}`;
