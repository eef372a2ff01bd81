// `roleTenantFilter`: `ROLE:realm_inst,realm_inst;ROLE2:…`. An instance id ending in `_sbx` stands for every
// sandbox of the realm (`zzzz_001`, `zzzz_s01`).

export type TenantFilter = Map<string, string[]>;

const TENANT = /^[a-z0-9]{4}_[a-z0-9]{3}$/;

export class TenantFilterError extends Error {}

export function parseTenantFilter(text: string | null | undefined): TenantFilter {
  const filter: TenantFilter = new Map();
  if (!text) return filter;
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon <= 0) throw new TenantFilterError(`"${part}" is not ROLE:tenant[,tenant…]`);
    const role = part.slice(0, colon).trim();
    const tenants = part
      .slice(colon + 1)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    for (const t of tenants) {
      if (!TENANT.test(t)) throw new TenantFilterError(`"${t}" is not an instance id such as zzzz_001 or zzzz_prd`);
    }
    filter.set(role, [...(filter.get(role) ?? []), ...tenants]);
  }
  return filter;
}

export function formatTenantFilter(filter: TenantFilter): string {
  return [...filter].map(([role, tenants]) => `${role}:${tenants.join(',')}`).join(';');
}

export function tenantAllowed(filter: TenantFilter, role: string, tenant: string): boolean {
  const tenants = filter.get(role);
  if (!tenants) return false;
  return tenants.some((t) => t === tenant || (t.endsWith('_sbx') && isSandboxOf(tenant, t.slice(0, -4))));
}

function isSandboxOf(tenant: string, realm: string): boolean {
  return new RegExp(`^${realm}_(\\d{3}|s\\d{2})$`).test(tenant);
}

export function realmOf(tenant: string): string {
  return tenant.slice(0, tenant.indexOf('_'));
}
