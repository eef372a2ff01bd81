// The Salesforce orgs that run Omnichannel Inventory (namespace `salesforce`: orgs, tenant groups, connected apps,
// users — usernames and consumer keys are global in Salesforce) and what each org holds (namespace `org.<orgId>`:
// the location graph as sObjects and its publish uploads).

export const SALESFORCE_NAMESPACE = 'salesforce';
export const orgNamespace = (orgId: string) => `org.${orgId}`;

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
  /** Setup → Omnichannel Inventory → Omnichannel Inventory-B2C Commerce Integration (absent: never turned on). */
  b2cIntegration?: B2cIntegration;
}

export interface B2cIntegration {
  /** PROVISIONING until the provisioning job finishes on the clock (it then e-mails the org admin). */
  status: 'OFF' | 'PROVISIONING' | 'ON';
  changedAt: string;
  /** When provisioning ends (or ended). */
  readyAt?: string;
}

export type TrustStatus = 'Pending' | 'Allowed' | 'Denied' | 'Established' | 'Disconnected';

/** A C2C trust relationship between an org (its tenant group) and a B2C instance's Business Manager. */
export interface TrustRelationship {
  id: string;
  orgId: string;
  tenantGroupId: string;
  cloud: 'Commerce Cloud';
  /** `https://{BM host}/on/`, as entered. */
  remoteTenantUrl: string;
  instanceId: string;
  status: TrustStatus;
  /** The org user who requested it, and the Business Manager user (API client) who allowed or denied it. */
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  establishedAt?: string;
  disconnectedAt?: string;
  lastModified: string;
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

export interface ConnectedApp {
  /** The OAuth client id, `3MVG9…`. */
  consumerKey: string;
  name: string;
  orgId: string;
  consumerSecretSalt: string;
  consumerSecretHash: string;
  /** PEM certificate (or public key) that JWT bearer assertions must be signed for. */
  certificate: string | null;
  /** OAuth scopes the app grants (`api`, `refresh_token`, `sfcc_inventory_*`…). */
  scopes: string[];
  /** The user client-credentials tokens act as; null disables that flow. */
  runAsUsername: string | null;
}

export interface OrgUser {
  /** 18-character user id, `005…`. */
  id: string;
  username: string;
  email: string;
  name: string;
  orgId: string;
  profile: string;
  passwordSalt: string;
  passwordHash: string;
  /** Appended to the password by API logins from outside trusted IP ranges. */
  securityToken: string;
  /** Connected apps (consumer keys) the user has pre-authorized for the JWT bearer flow. */
  approvedApps: string[];
}

export interface SalesforceState {
  orgs: Record<string, SalesforceOrg>;
  tenantGroups: Record<string, TenantGroup>;
  connectedApps: Record<string, ConnectedApp>;
  users: Record<string, OrgUser>;
  /** C2C trust relationships by id (absent in state written before trust existed). */
  trusts?: Record<string, TrustRelationship>;
}

export function emptySalesforceState(): SalesforceState {
  return { orgs: {}, tenantGroups: {}, connectedApps: {}, users: {}, trusts: {} };
}

/** A stored sObject: its Id, type-specific fields (Salesforce field names) and audit dates. */
export interface SObjectRecord {
  Id: string;
  CreatedDate: string;
  LastModifiedDate: string;
  [field: string]: unknown;
}

export const GRAPH_SOBJECTS = ['Location', 'LocationGroup', 'LocationGroupAssignment'] as const;
export type GraphSObjectType = (typeof GRAPH_SOBJECTS)[number];

export type GraphUploadStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** A location-graph publish (`POST …/commerce/oci/location-graph/uploads`) and what it will send to OCI. */
export interface GraphUpload {
  uploadId: string;
  tenantGroupId: string;
  status: GraphUploadStatus;
  /** Virtual time of the next status change; null once COMPLETED or FAILED. */
  nextTransitionAt: number | null;
  requestedAt: string;
  requestedBy: string;
  startTimeUTC: string | null;
  endTimeUTC: string | null;
  /** The graph as it stood when the publish was requested. */
  graph: { locations: { id: string; name: string }[]; groups: { id: string; name: string; locations: string[] }[] };
  /** Problems found in the org's graph at request time; any of them fails the upload. */
  problems: string[];
  recordsReadCount: number;
  recordsProcessedCount: number;
  /** Filled when processing ends: the problems, or OCI's refusal. */
  validationErrors: string[];
}

export interface OrgState {
  sobjects: Record<GraphSObjectType, Record<string, SObjectRecord>>;
  /** Location-graph publish uploads by upload id. */
  uploads: Record<string, GraphUpload>;
  /** Next number for generated record and upload ids. */
  nextId: number;
}

export function emptyOrgState(): OrgState {
  return { sobjects: { Location: {}, LocationGroup: {}, LocationGroupAssignment: {} }, uploads: {}, nextId: 1 };
}
