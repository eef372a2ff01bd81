// What a basket reservation answers, as the Script API's Status does: OK or ERROR, and with removeIfNotAvailable the
// status items saying which items were cut or removed (ITEM_QUANTITY_REDUCED, ITEM_REMOVED).

export interface StatusItem {
  code: 'ITEM_REMOVED' | 'ITEM_QUANTITY_REDUCED';
  itemId: string;
  productId: string;
  /** The quantity the item keeps (0 when removed). */
  quantity: number;
}

export interface ReservationOutcome {
  status: 'OK' | 'ERROR';
  /** ERROR: INVENTORY_RESERVATION_FAILED, or OCI_UNAVAILABLE while Omnichannel Inventory cannot be reached. */
  code?: string;
  message?: string;
  items: StatusItem[];
  /** When the reservation ends (epoch ms, virtual clock); absent when nothing is held. */
  expiry?: number;
}

/** A site's stand-in for the custom code that reserves on every basket item change (a hook calling reserveInventory). */
export interface BasketReservationPreference {
  onItemChange: boolean;
  /** 1 to 240; 10 by default. */
  minutes: number;
}
