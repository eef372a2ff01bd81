// What a shopper is told about a product's stock in one inventory list (SCAPI's `Inventory`), and what a basket
// may still take. The figures come from native records in Commerce Platform Inventory and OCI Cache Enabled
// modes, and from the OCI cache in Omnichannel Inventory mode.

/** Shopper APIs report unlimited ATS or stock level as 999999 (b2c-account-manager.md §3.3). */
export const UNLIMITED = 999_999;

export interface StockFigures {
  listId: string;
  ats: number;
  stockLevel: number;
  orderable: boolean;
  backorderable: boolean;
  preorderable: boolean;
  /** ISO date-time, midnight UTC of the day. */
  inStockDate?: string;
  /** Perpetual, or no record in a list that is in stock by default: never runs out. */
  unlimited: boolean;
}

export const NOTHING = (listId: string): StockFigures => ({ listId, ats: 0, stockLevel: 0, orderable: false, backorderable: false, preorderable: false, unlimited: false });
