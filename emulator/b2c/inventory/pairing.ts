import type { Services } from '../../party.js';

// Which OCI place an inventory list pairs with: the location or group of the instance's tenant group whose
// External Reference equals the list id. Nothing when the instance is linked to no tenant group yet, or when no
// place has that id (the guide's troubleshooting: check the spelling). The org says which tenant group the
// instance is linked to; OCI says what its places are.

export type Pairing = { type: 'group' | 'location'; id: string; tenantGroupId: string } | null;

export function pairingOf(services: Services, instanceId: string, listId: string): Pairing {
  const tenantGroupId = services.salesforceOrg?.tenantGroupOfInstance(instanceId);
  if (!tenantGroupId) return null;
  const type = services.oci?.placeOf(tenantGroupId, listId);
  return type ? { type, id: listId, tenantGroupId } : null;
}
