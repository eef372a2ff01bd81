import { AppError } from '../../core/errors/app-error.js';
import type { Services } from '../../party.js';
import type { HeldLine } from '../checkout/model.js';

// How the instance reserves in OCI in Omnichannel Inventory mode: reservation documents at the place its list
// pairs with, through OCI's services (never its store), all or nothing per document. "Reserving for a basket or an
// order is the only way B2C can affect inventory levels" (b2c-account-manager.md §4.5). While OCI is unreachable
// (an injected outage) every call says so, and the caller decides what that means.

/** OCI did not answer: down, throttling, or too slow for the storefront to wait. */
export class OciUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`Omnichannel Inventory is unavailable (${reason})`);
  }
}

/** B2C gives up on OCI calls slower than this (an injected slow outage above it counts as down). */
export const OCI_CALL_TIMEOUT_MS = 2_000;

export interface ReserveRequest {
  tenantGroupId: string;
  documentId: string;
  externalRefId: string;
  /** Each line at its list's place (the list id is the place's External Reference). */
  lines: readonly (HeldLine & { placeType: 'group' | 'location' })[];
  expirationSeconds?: number;
  /** Take what is there (re-reserving after an outage); otherwise all or nothing. */
  partial: boolean;
}

export interface OciReservations {
  /** Throws OciUnavailable when OCI cannot be reached now. */
  reachable(): void;
  /** The lines granted; all or nothing unless partial (a refused document is cancelled, holding nothing). */
  reserve(request: ReserveRequest): HeldLine[];
  /** Cancels the document if it still holds anything (an expired or completed one holds nothing). */
  cancel(tenantGroupId: string, documentId: string): void;
  /**
   * `base`, or the first `base-rN` no document has: a reservation id is OCI's idempotency key, and one used before
   * (a reopened basket, an order number given again after a reset) would only replay the old document.
   */
  freeId(tenantGroupId: string, base: string): string;
}

export function ociReservations(services: Services): OciReservations {
  const domain = () => {
    const oci = services.oci;
    if (!oci) throw new OciUnavailable('no OCI in this emulator');
    return oci.domain.reservations;
  };
  const reachable = () => {
    const fault = services.oci?.outage?.current();
    if (!fault) return;
    if (fault.kind === 'slow' && (fault.delayMs ?? 0) < OCI_CALL_TIMEOUT_MS) return;
    throw new OciUnavailable(fault.kind === 'throttle' ? 'throttled' : fault.kind === 'slow' ? 'timed out' : 'down');
  };
  return {
    reachable,
    reserve(r) {
      reachable();
      const byPlace = new Map<string, { type: 'group' | 'location'; id: string; reservations: { sku: string; quantity: number }[] }>();
      for (const l of r.lines) {
        const k = `${l.placeType}:${l.listId}`;
        let place = byPlace.get(k);
        if (!place) byPlace.set(k, (place = { type: l.placeType, id: l.listId, reservations: [] }));
        const same = place.reservations.find((x) => x.sku === l.productId);
        if (same) same.quantity += l.quantity;
        else place.reservations.push({ sku: l.productId, quantity: l.quantity });
      }
      const places = [...byPlace.values()];
      let outcome;
      try {
        outcome = domain().create(r.tenantGroupId, r.documentId, {
          externalRefId: r.externalRefId,
          ...(r.expirationSeconds !== undefined ? { expirationSeconds: r.expirationSeconds } : {}),
          allowPartialReservations: r.partial,
          fulfillOnly: false,
          groups: places.filter((p) => p.type === 'group').map((p) => ({ id: p.id, reservations: p.reservations })),
          locations: places.filter((p) => p.type === 'location').map((p) => ({ id: p.id, reservations: p.reservations, allOrNothing: [] })),
        });
      } catch (error) {
        // An unknown place (the graph changed under the list): nothing reserved.
        if (error instanceof AppError && error.status < 500) return [];
        throw error;
      }
      const granted: HeldLine[] = outcome.places.flatMap((p) => p.details.map((d) => ({ listId: p.id, productId: d.sku, quantity: d.quantity })));
      if (!r.partial && !outcome.success) {
        if (granted.length > 0) this.cancel(r.tenantGroupId, r.documentId);
        return [];
      }
      return granted;
    },
    freeId(tenantGroupId, base) {
      const reservations = domain();
      if (!reservations.document(tenantGroupId, base)) return base;
      for (let n = 2; ; n++) if (!reservations.document(tenantGroupId, `${base}-r${n}`)) return `${base}-r${n}`;
    },
    cancel(tenantGroupId, documentId) {
      const reservations = domain();
      if (reservations.document(tenantGroupId, documentId)?.state === 'OPEN') reservations.cancel(tenantGroupId, documentId);
    },
  };
}
