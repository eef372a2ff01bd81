import type { LaneHandler } from '../core/http/fast-lane.js';
import type { Authenticator } from '../core/auth/authenticator.js';
import { requireAuth } from '../core/auth/require-auth.js';
import type { Services } from '../party.js';
import { gated } from './outage/gate.js';
import { tenantGroupAccess } from './tenant-access.js';

// OCI accepts both token families: an Account Manager scope (`sfcc.inventory.availability.rw`) or its Salesforce
// org twin (`sfcc_inventory_availability_rw`), and the token must be allowed on the tenant group in the path.

export const OCI_SCOPE = {
  availability: 'sfcc.inventory.availability',
  availabilityWrite: 'sfcc.inventory.availability.rw',
  reservations: 'sfcc.inventory.reservations',
  reservationsWrite: 'sfcc.inventory.reservations.rw',
  impexInventory: 'sfcc.inventory.impex-inventory',
  impexInventoryWrite: 'sfcc.inventory.impex-inventory.rw',
  impexGraphs: 'sfcc.inventory.impex-graphs',
  impexEventLog: 'sfcc.inventory.impex-event-log',
} as const;

export function orgScope(amScope: string): string {
  return amScope.replace(/[.-]/g, '_');
}

export type OciGuard = (amScope?: string | readonly string[]) => LaneHandler;

/**
 * `guard(scope)` for a route needing that scope (or one of several, as some impex routes list), in either
 * family; `guard()` for any valid token of the tenant group. Every OCI route starts with its guard, on Express and
 * on the fast lane, so `before` (the outage gate, outage/gate.ts) runs first on every one of them, ahead of auth.
 */
export function ociGuard(authenticator: Authenticator, services: Services, before?: LaneHandler): OciGuard {
  const tenant = tenantGroupAccess(services);
  const cache = new Map<string, LaneHandler>();
  return (amScope) => {
    const scopes = amScope === undefined ? [] : typeof amScope === 'string' ? [amScope] : [...amScope];
    const key = scopes.join(' ');
    let guard = cache.get(key);
    if (!guard) {
      // Shopper (SLAS) tokens are not OCI's: only Account Manager and org tokens reach it.
      guard = requireAuth(authenticator, { principals: ['account-manager', 'salesforce-org'], tenant, ...(scopes.length > 0 ? { anyScope: scopes.flatMap((s) => [s, orgScope(s)]) } : {}) });
      if (before) guard = gated(before, guard);
      cache.set(key, guard);
    }
    return guard;
  };
}
