// Account Manager's records as the emulator keeps them (namespace `account-manager`).

export const AM_NAMESPACE = 'account-manager';

export const TOKEN_ENDPOINT_AUTH_METHODS = ['private_key_jwt', 'client_secret_post', 'client_secret_basic', 'none'] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

export interface AmOrganization {
  id: string;
  name: string;
  type: 'CUSTOMER' | 'PARTNER' | 'INTERNAL';
  /** Realm ids (`zzzz`); a role tenant filter may only name instances of these realms. */
  realms: string[];
  passwordMinEntropy: number;
}

export interface StoredApiClient {
  id: string;
  name: string;
  description: string;
  passwordSalt: string;
  passwordHash: string;
  passwordModificationTimestamp: number | null;
  jwtPublicKey: string | null;
  redirectUrls: string[];
  /** The UI's "Allowed Scopes". */
  scopes: string[];
  defaultScopes: string[];
  organizations: string[];
  active: boolean;
  versionControl: string[];
  roles: string[];
  roleTenantFilter: string | null;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** The UI-only "Access Token Format". */
  tokenFormat: 'JWT' | 'UUID';
  lastAuthenticatedDate: string | null;
  disabledTimestamp: string | null;
  createdAt: string;
}

export interface AmState {
  organizations: Record<string, AmOrganization>;
  apiClients: Record<string, StoredApiClient>;
}

export function emptyAmState(): AmState {
  return { organizations: {}, apiClients: {} };
}

export interface AmRole {
  id: string;
  roleEnumName: string;
  description: string;
  scope: 'GLOBAL' | 'INSTANCE';
  targetType: 'ApiClient' | 'User' | null;
  /** Whether the role is assigned per instance through the role tenant filter. */
  tenantFiltered: boolean;
}

/** The roles the emulator knows; an API client may hold only these. */
export const AM_ROLES: readonly AmRole[] = [
  {
    id: 'SALESFORCE_COMMERCE_API',
    roleEnumName: 'SALESFORCE_COMMERCE_API',
    description: 'Salesforce Commerce API: B2C Commerce API (SCAPI) admin APIs and Omnichannel Inventory, per instance',
    scope: 'INSTANCE',
    targetType: 'ApiClient',
    tenantFiltered: true,
  },
  {
    id: 'CCDX_SBX_USER',
    roleEnumName: 'CCDX_SBX_USER',
    description: 'Sandbox API User: On-Demand Sandbox API and SLAS admin',
    scope: 'INSTANCE',
    targetType: 'ApiClient',
    tenantFiltered: true,
  },
  {
    id: 'ACCOUNT_ADMINISTRATOR',
    roleEnumName: 'ACCOUNT_ADMINISTRATOR',
    description: 'Account Administrator: manages users and API clients through the Account Manager API',
    scope: 'GLOBAL',
    targetType: null,
    tenantFiltered: false,
  },
];

export const COMMERCE_API_ROLE = 'SALESFORCE_COMMERCE_API';
export const ADMIN_ROLE = 'ACCOUNT_ADMINISTRATOR';
