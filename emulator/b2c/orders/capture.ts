import { placed, type CheckoutDeps } from '../checkout/deps.js';
import type { OciReservationStatus, Order } from '../checkout/model.js';
import { OciUnavailable } from '../oci-reservations/client.js';

// Continuous Order Capture's reconciliation (b2c-account-manager.md §4.5): orders taken while OCI was unreachable
// are marked Reservation Missing; once OCI answers again a background job reserves them in batches and reports
// each as Completely, Partially or Nothing Reserved (while OCI stays offline they stay marked and are retried).
// The job runs on the virtual clock: every RETRY_MS while such orders exist.

const RETRY_MS = { fast: 30_000, realistic: 10 * 60_000 } as const;
const BATCH = 500;

export interface CaptureRun {
  at: string;
  orders: { orderNo: string; status: OciReservationStatus; wanted: number; reserved: number }[];
  offline: boolean;
}

export class CaptureJob {
  readonly #d: CheckoutDeps;
  readonly #every: number;
  readonly #runs = new Map<string, CaptureRun[]>();

  constructor(deps: CheckoutDeps, profile: 'fast' | 'realistic') {
    this.#d = deps;
    this.#every = RETRY_MS[profile];
  }

  /** Schedules the next run if orders wait and none is scheduled. */
  arm(instanceId: string): void {
    const key = `${instanceId}:order-capture`;
    if (this.#d.clock.pending().some((j) => j.key === key)) return;
    if (this.#d.checkout(instanceId).missingOrders().length === 0) return;
    this.#d.clock.scheduleIn(this.#every, 'b2c continuous order capture', () => void this.run(instanceId), key);
  }

  /** The last runs (newest first), as Business Manager's alerts report them. */
  runs(instanceId: string): readonly CaptureRun[] {
    return this.#runs.get(instanceId) ?? [];
  }

  /** One batch: reserve what OCI has for each waiting order, oldest first. */
  run(instanceId: string): CaptureRun {
    const checkout = this.#d.checkout(instanceId);
    const run: CaptureRun = { at: this.#d.clock.iso(), orders: [], offline: false };
    try {
      this.#d.oci.reachable();
      // Only in Omnichannel Inventory mode: turned off, the orders stay marked (native stock never held them).
      if (this.#d.mode(instanceId) === 'OCI') for (const order of checkout.missingOrders().slice(0, BATCH)) run.orders.push(this.#reserve(instanceId, order));
    } catch (error) {
      if (!(error instanceof OciUnavailable)) throw error;
      run.offline = true;
    }
    const runs = this.#runs.get(instanceId) ?? [];
    runs.unshift(run);
    this.#runs.set(instanceId, runs.slice(0, 50));
    if (run.orders.length > 0) this.#d.touch(instanceId);
    this.arm(instanceId);
    return run;
  }

  #reserve(instanceId: string, order: Order): CaptureRun['orders'][number] {
    const booking = order.booking;
    if (booking.kind !== 'oci') return { orderNo: order.orderNo, status: 'RESERVED', wanted: 0, reserved: 0 };
    const wanted = booking.lines.reduce((n, l) => n + l.quantity, 0);
    const where = placed(this.#d, instanceId, booking.lines);
    const attempts = (booking.attempts ?? 0) + 1;
    // The basket's reservation document (if it still holds) is given up first: its units go to the order.
    if (booking.basketDocumentId) this.#d.oci.cancel(booking.tenantGroupId, booking.basketDocumentId);
    const documentId = this.#d.oci.freeId(booking.tenantGroupId, `b2c-${instanceId}-order-${order.orderNo}`);
    const granted = 'unpaired' in where ? [] : this.#d.oci.reserve({ tenantGroupId: where.tenantGroupId, documentId, externalRefId: order.orderNo, lines: where.lines, partial: true });
    const reserved = granted.reduce((n, l) => n + l.quantity, 0);
    const status = reserved >= wanted ? 'COMPLETELY_RESERVED' : reserved > 0 ? 'PARTIALLY_RESERVED' : 'NOTHING_RESERVED';
    const { basketDocumentId: _given, heldByBasket: _up, ...rest } = booking;
    order.booking = { ...rest, reserved: granted, status, attempts, ...(reserved > 0 ? { documentId } : {}) };
    order.lastModified = this.#d.clock.iso();
    this.#d.checkout(instanceId).putOrder(order);
    this.#d.journal.emit({ type: 'b2c.order.reservation-reconciled', tenant: instanceId, data: { orderNo: order.orderNo, status, wanted, reserved } });
    return { orderNo: order.orderNo, status, wanted, reserved };
  }
}
