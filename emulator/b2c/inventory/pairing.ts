import { own } from '../../core/objects.js';
import type { Store } from '../../core/store/store.js';
import type { OciTenants } from '../../oci/tenants.js';
import { SALESFORCE_NAMESPACE, type SalesforceState } from '../../salesforce-org/model.js';

// Which OCI place an inventory list pairs with: the location or group of the instance's tenant group whose
// External Reference equals the list id. Nothing when the instance is linked to no tenant group yet, or when no
// place has that id (the guide's troubleshooting: check the spelling).

export type Pairing = { type: 'group' | 'location'; id: string; tenantGroupId: string } | null;

export function tenantGroupOf(store: Store, instanceId: string): string | undefined {
  const groups = store.get<SalesforceState>(SALESFORCE_NAMESPACE)?.tenantGroups ?? {};
  return Object.values(groups).find((g) => g.links.some((l) => l.instanceId === instanceId))?.id;
}

export function pairingOf(store: Store, tenants: OciTenants | undefined, instanceId: string, listId: string): Pairing {
  const tenantGroupId = tenantGroupOf(store, instanceId);
  if (!tenantGroupId || !tenants) return null;
  const state = tenants.state(tenantGroupId);
  if (own(state.groups, listId)) return { type: 'group', id: listId, tenantGroupId };
  if (own(state.locations, listId)) return { type: 'location', id: listId, tenantGroupId };
  return null;
}
