import type { IntegrationState } from './integration/model.js';
import { dictionary } from './keyed.js';

// B2C Commerce instances (namespace `b2c`) and what each instance holds (namespace `b2c.<instanceId>`). Every
// record below keyed by an id is a prototype-free dictionary (keyed.ts).

export const B2C_NAMESPACE = 'b2c';
export const instanceNamespace = (instanceId: string) => `b2c.${instanceId}`;

export interface B2cInstance {
  /** `zzzz_001`: realm and instance. */
  id: string;
  realm: string;
  /** `f_ecom_zzzz_001`, the SCAPI organization id. */
  organizationId: string;
  shortCode: string;
  /** Business Manager host, `zzzz-001.dx.commercecloud.salesforce.com`. */
  bmHost: string;
}

/** Business Manager's storefront status; OCAPI shows `offline` as `maintenance` (its enum has no offline). */
export type SiteStatus = 'online' | 'offline' | 'maintenance' | 'protected';

export interface B2cSite {
  id: string;
  name: string;
  status: SiteStatus;
  inventoryListId: string | null;
  /** Custom Site Preferences: the stand-in for custom code reserving the basket on every item change. */
  basketReservation?: { onItemChange: boolean; minutes: number };
}

export interface B2cStore {
  id: string;
  name: string;
  city: string;
  countryCode: string;
  inventoryId: string | null;
  address1?: string;
  postalCode?: string;
  stateCode?: string;
  latitude?: number;
  longitude?: number;
  phone?: string;
  email?: string;
  createdAt?: string;
  lastModified?: string;
}

export interface B2cInventoryList {
  id: string;
  description: string;
  defaultInStock: boolean;
  createdAt: string;
  lastModified?: string;
  onOrderInventoryEnabled?: boolean;
  useBundleInventoryOnly?: boolean;
}

/** A native B2C inventory record (a product in an inventory list), as OCAPI and the inventory XML know it. */
export interface NativeRecord {
  productId: string;
  allocation: number;
  allocationResetDate?: string;
  perpetual: boolean;
  preorderBackorderHandling: 'none' | 'preorder' | 'backorder';
  preorderBackorderAllocation: number;
  turnover: number;
  onOrder: number;
  inStockDate?: string;
  createdAt: string;
  lastModified: string;
}

export interface B2cState {
  instances: Record<string, B2cInstance>;
}

export interface B2cInstanceState {
  sites: Record<string, B2cSite>;
  stores: Record<string, B2cStore>;
  inventoryLists: Record<string, B2cInventoryList>;
  /** Native records by list id, then product id (absent in state written before they existed). */
  records?: Record<string, Record<string, NativeRecord>>;
  /** Administration > Site Development > Open Commerce API Settings: the API clients OCAPI answers. */
  ocapiClients?: string[];
  /** Administration > Global Preferences > Retention Settings > Inventory Record Retention, in days. */
  inventoryRetentionDays?: number;
  /** Administration > Operations > OCI Integration (absent: Commerce Platform Inventory, never changed). */
  integration?: IntegrationState;
}

export const emptyInstanceState = (): B2cInstanceState => ({ sites: dictionary(), stores: dictionary(), inventoryLists: dictionary(), records: dictionary(), ocapiClients: [] });
