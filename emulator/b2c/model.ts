// B2C Commerce instances (namespace `b2c`) and what each instance holds (namespace `b2c.<instanceId>`).

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

export interface B2cSite {
  id: string;
  name: string;
  status: 'online' | 'maintenance' | 'protected';
  inventoryListId: string | null;
}

export interface B2cStore {
  id: string;
  name: string;
  city: string;
  countryCode: string;
  inventoryId: string | null;
}

export interface B2cInventoryList {
  id: string;
  description: string;
  defaultInStock: boolean;
  createdAt: string;
}

export interface B2cState {
  instances: Record<string, B2cInstance>;
}

export interface B2cInstanceState {
  sites: Record<string, B2cSite>;
  stores: Record<string, B2cStore>;
  inventoryLists: Record<string, B2cInventoryList>;
}
