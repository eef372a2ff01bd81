import type { Basket } from '../checkout/model.js';
import { basketView } from '../checkout/views.js';
import type { BasketReservationPreference, ReservationOutcome } from './model.js';

// The custom API's answer: the Script API Status (OK or ERROR, its code and message, the status items) and the
// basket as it now is, with its inventoryReservationExpiry.

export function reservationDoc(outcome: ReservationOutcome, basket: Basket, now: number) {
  return {
    status: outcome.status,
    ...(outcome.code ? { code: outcome.code } : {}),
    ...(outcome.message ? { message: outcome.message } : {}),
    items: outcome.items,
    basket: basketView(basket, now),
  };
}

export function preferencesPage(siteId: string, pref: BasketReservationPreference) {
  return {
    page: 'Merchant Tools > Site Preferences > Custom Preferences',
    siteId,
    basketReservation: {
      onItemChange: pref.onItemChange,
      minutes: pref.minutes,
      note: 'Stands in for custom code (a hook on basket item changes) that calls Basket.reserveInventory(minutes); each reservation replaces the last.',
    },
  };
}
