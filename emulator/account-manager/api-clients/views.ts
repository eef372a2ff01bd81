import { AM_ROLES, type AmOrganization, type AmRole, type StoredApiClient } from '../model.js';
import { parseTenantFilter } from '../role-tenant-filter.js';

// An API client as the API Clients API shows it: never its password hash, with the tenant filter also as a map,
// and organizations and roles expanded into objects when `expand` asks for them.

export interface ApiClientRead {
  id: string;
  name: string;
  description: string;
  passwordModificationTimestamp: number | null;
  jwtPublicKey: string | null;
  redirectUrls: string[];
  scopes: string[];
  defaultScopes: string[];
  organizations: (string | AmOrganization)[];
  active: boolean;
  versionControl: string[];
  roles: (string | AmRole)[];
  roleTenantFilter: string | null;
  roleTenantFilterMap: Record<string, string[]>;
  tokenEndpointAuthMethod: StoredApiClient['tokenEndpointAuthMethod'];
  tokenFormat: StoredApiClient['tokenFormat'];
  lastAuthenticatedDate: string | null;
  disabledTimestamp: string | null;
  createdAt: string;
}

export interface ApiClientPage {
  content: ApiClientRead[];
  number: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

export function apiClientView(client: StoredApiClient, expand: readonly string[], organization: (id: string) => AmOrganization | undefined): ApiClientRead {
  const { passwordSalt: _s, passwordHash: _h, ...visible } = client;
  let filterMap: Record<string, string[]> = {};
  try {
    filterMap = Object.fromEntries(parseTenantFilter(client.roleTenantFilter));
  } catch {
    // Stored filters were validated on write; a fixture with a bad one just shows no map.
  }
  return {
    ...visible,
    organizations: expand.includes('organizations') ? client.organizations.map((id) => organization(id) ?? id) : [...client.organizations],
    roles: expand.includes('roles') ? client.roles.map((id) => AM_ROLES.find((r) => r.id === id) ?? id) : [...client.roles],
    roleTenantFilterMap: filterMap,
  };
}

/** Page `page` (from 0) of `size` clients, only those rendered. */
export function apiClientPage<T>(all: readonly T[], page: number, size: number, render: (client: T) => ApiClientRead): ApiClientPage {
  const content = all.slice(page * size, page * size + size).map(render);
  return { content, number: page, size, totalElements: all.length, totalPages: Math.ceil(all.length / size) };
}
