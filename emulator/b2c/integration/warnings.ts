import type { Pairing } from '../inventory/pairing.js';
import { MODE_LABELS, type IntegrationMode } from './model.js';

// The warnings at the top of the OCI Integration page: each one something a person acts on before (or after)
// switching, in the words of the setup guide.

export interface Warning {
  code: string;
  message: string;
}

export interface WarningFacts {
  mode: IntegrationMode;
  /** The mode being switched to, when the warnings answer a switch. */
  target: IntegrationMode | undefined;
  tenantGroupId: string | undefined;
  lists: readonly { id: string; pairing: Pairing }[];
  safetyStockAt(tenantGroupId: string, placeId: string): { records: number; anySafetyStock: boolean } | undefined;
  retentionDays: number | undefined;
  /** Native orders that hold units and are not exported. */
  held: { orders: number; units: number };
  onlineSites: readonly string[];
  cached: number;
  cap: number;
  incomplete: readonly string[];
}

export function integrationWarnings(f: WarningFacts): Warning[] {
  const out: Warning[] = [];
  const towardsOci = f.target === 'OCI' || (f.target === undefined && f.mode === 'OCI_CACHE');
  if (!f.tenantGroupId) {
    out.push({ code: 'NO_TENANT_GROUP', message: 'The instance is linked to no OCI tenant group (no Established C2C trust and no fixture link): the OCI cache cannot fill.' });
  } else {
    for (const list of f.lists) {
      if (!list.pairing) {
        out.push({ code: 'UNPAIRED_LIST', message: `The inventory list '${list.id}' matches no OCI location or group External Reference: it gets no OCI data (check the spelling).` });
        continue;
      }
      const stock = f.safetyStockAt(f.tenantGroupId, list.pairing.id);
      if (stock && stock.records > 0 && !stock.anySafetyStock) {
        out.push({ code: 'NO_SAFETY_STOCK', message: `The ${list.pairing.type} '${list.pairing.id}' keeps no safety stock on any of its ${stock.records} records: store sales not yet imported into OCI will be oversold online.` });
      }
    }
  }
  if (f.retentionDays === 0) {
    out.push({ code: 'RETENTION_ZERO', message: 'Inventory Record Retention is 0 days: in Omnichannel Inventory mode native records are never deleted, so turning the integration off falls back to whatever stale values they hold.' });
  }
  if (towardsOci && f.held.units > 0) {
    out.push({ code: 'OPEN_NATIVE_RESERVATIONS', message: `${f.held.orders} native order${f.held.orders === 1 ? '' : 's'} hold${f.held.orders === 1 ? 's' : ''} ${f.held.units} units and ${f.held.orders === 1 ? 'is' : 'are'} not exported: OCI does not know them, so switching to ${MODE_LABELS.OCI} now oversells them. Export those orders first.` });
  }
  // Switching to OCI, or back from it, changes where the storefront's availability comes from: the OCI Cache
  // Enabled page warns before that switch, and the switch answers with it. Entering OCI_CACHE changes nothing a
  // shopper sees.
  const switchesSource = f.target === 'OCI' || (f.target === 'B2C' && f.mode === 'OCI') || (f.target === undefined && f.mode === 'OCI_CACHE');
  if (f.onlineSites.length > 0 && switchesSource) {
    const sites = f.onlineSites.length > 1 ? `sites ${f.onlineSites.join(', ')} are` : `site ${f.onlineSites[0]} is`;
    out.push({ code: 'STOREFRONT_ONLINE', message: `The storefront ${sites} online: switch in a quiet time with the storefront offline, or orders placed during the switch are lost to OCI.` });
  }
  if (f.mode === 'OCI_CACHE' && f.target === undefined && f.incomplete.length > 0) {
    out.push({ code: 'CACHE_INCOMPLETE', message: `The OCI cache has not completed a full import for ${f.incomplete.join(', ')}: wait before switching to ${MODE_LABELS.OCI}.` });
  }
  if (f.cached >= f.cap) {
    out.push({ code: 'CACHE_FULL', message: `The OCI cache is full (${f.cached} of ${f.cap} records): records beyond the cap are not cached.` });
  }
  return out;
}
