import type { Pairing } from '../inventory/pairing.js';
import type { ListStatus } from '../oci-cache/service.js';
import { MODE_LABELS, type IntegrationMode, type ModeChange } from './model.js';
import type { Warning } from './warnings.js';

// Administration > Operations > OCI Integration as JSON: the mode, the linked tenant group, the warnings at the top,
// the Cache Status table, the switches the page offers, and what changed when.

export interface IntegrationPage {
  instance: string;
  mode: IntegrationMode;
  allowed: readonly IntegrationMode[];
  tenantGroupId: string | undefined;
  enforcement: string;
  timeZone: string;
  cap: number;
  cached: number;
  warnings: readonly Warning[];
  rows: readonly { status: ListStatus; pairing: Pairing }[];
  history: readonly ModeChange[];
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function integrationPage(p: IntegrationPage) {
  return {
    page: 'Administration > Operations > OCI Integration',
    instance: p.instance,
    mode: { value: p.mode, label: MODE_LABELS[p.mode] },
    switchTo: p.allowed.map((m) => ({ value: m, label: MODE_LABELS[m] })),
    linkedTenantGroup: p.tenantGroupId ?? null,
    enforcement: p.enforcement,
    instanceTimeZone: p.timeZone,
    warnings: p.warnings,
    cache: { records: p.cached, cap: p.cap, full: p.cached >= p.cap, ...(p.cached >= p.cap ? { message: 'cache full' } : {}) },
    cacheStatus: p.rows.map(({ status: s, pairing }) => ({
      inventoryListId: s.listId,
      pairedWith: pairing ? { type: pairing.type, id: pairing.id } : null,
      stream: s.streamKind === 'combined' ? 'combined' : 'dedicated',
      status: s.status,
      ...(s.reason ? { reason: s.reason } : {}),
      recordsCached: s.records,
      lastFullImport: iso(s.lastFullImport),
      lastDelta: iso(s.lastDelta),
      lagMs: s.lagMs ?? null,
    })),
    history: p.history,
  };
}

export function timeZonePage(zone: string) {
  return { page: 'Administration > Global Preferences > Instance Time Zone', timeZone: zone };
}
