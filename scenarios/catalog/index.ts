import type { Scenario } from '../kit/scenario.js';
import activateStorefrontOnlineAtPeak from './activate-storefront-online-at-peak.js';
import activateWithUnexportedOrders from './activate-with-unexported-orders.js';
import cacheLagFlashSale from './cache-lag-flash-sale.js';
import ociOutageCapture from './oci-outage-capture.js';
import posLagSafetyStock from './pos-lag-safety-stock.js';
import retentionZeroStaleRecords from './retention-zero-stale-records.js';
import setupHappyPath from './setup-happy-path.js';
import trustOutOfOrder from './trust-out-of-order.js';
import turnOffAfterStoppingImports from './turn-off-after-stopping-imports.js';

// The trainers' catalog, in the order a course tells it: the guide done right, then each way it goes wrong.

export const CATALOG: readonly Scenario[] = [
  setupHappyPath,
  trustOutOfOrder,
  activateWithUnexportedOrders,
  activateStorefrontOnlineAtPeak,
  posLagSafetyStock,
  cacheLagFlashSale,
  turnOffAfterStoppingImports,
  retentionZeroStaleRecords,
  ociOutageCapture,
];

export function scenarioNamed(name: string): Scenario | undefined {
  return CATALOG.find((s) => s.name === name);
}
