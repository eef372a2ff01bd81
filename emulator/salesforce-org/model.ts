// The Salesforce orgs that run Omnichannel Inventory, and their OCI tenant groups (namespace `salesforce`).

export const SALESFORCE_NAMESPACE = 'salesforce';

export interface SalesforceOrg {
  /** 18-character org id, `00D…`. */
  id: string;
  name: string;
  /** My Domain host, `{name}.my.salesforce.com`. */
  myDomainHost: string;
  admin: { username: string; email: string; name: string };
  tenantGroupId: string;
  /** The OCI host Setup → Omnichannel Inventory shows. */
  ociHost: string;
}

export interface TenantGroupLink {
  instanceId: string;
  /** `fixture`: linked by the world's fixtures; `trust`: by an established C2C trust relationship. */
  via: 'fixture' | 'trust';
  since: string;
}

export interface TenantGroup {
  id: string;
  orgId: string;
  provisioned: boolean;
  links: TenantGroupLink[];
}

export interface SalesforceState {
  orgs: Record<string, SalesforceOrg>;
  tenantGroups: Record<string, TenantGroup>;
}

export function emptySalesforceState(): SalesforceState {
  return { orgs: {}, tenantGroups: {} };
}
