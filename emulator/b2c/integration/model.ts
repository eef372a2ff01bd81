// Administration > Operations > OCI Integration: the instance's inventory integration mode (the Script API's
// ProductInventoryMgr constants), who changed it when, and what was let through in lenient enforcement. Kept in the
// instance's namespace (`b2c.<instanceId>`, field `integration`).

export const MODES = ['B2C', 'OCI_CACHE', 'OCI'] as const;
export type IntegrationMode = (typeof MODES)[number];

/** The labels Business Manager shows. */
export const MODE_LABELS: Record<IntegrationMode, string> = {
  B2C: 'Commerce Platform Inventory',
  OCI_CACHE: 'OCI Cache Enabled',
  OCI: 'Omnichannel Inventory',
};

/** The journal event of arriving in each mode. */
export const MODE_EVENTS: Record<IntegrationMode, string> = { B2C: 'b2c.mode.b2c', OCI_CACHE: 'b2c.mode.oci_cache', OCI: 'b2c.mode.oci' };

export interface ModeChange {
  from: IntegrationMode;
  to: IntegrationMode;
  at: string;
  by: string;
  /** Set when lenient enforcement let an out-of-order switch through. */
  violation?: string;
}

export interface IntegrationState {
  mode: IntegrationMode;
  /** The last changes, newest last (at most HISTORY_LIMIT). */
  history: ModeChange[];
  /** Instance time zone (IANA), for the combined stream's night window. */
  timeZone?: string;
  /** The most records the OCI cache holds (default 100 000 000). */
  cacheCap?: number;
}

export const HISTORY_LIMIT = 50;

export const initialIntegration = (): IntegrationState => ({ mode: 'B2C', history: [] });
