import type { SalesforceRepository } from '../repository.js';

// Setup → Omnichannel Inventory, as data: whether OCI is on for the org, and the host and tenant id the page
// shows for calling the OCI Commerce APIs, next to the host clients use on the emulator instead.

export function omnichannelInventoryPage(repo: SalesforceRepository, orgId: string, emulatorHost: string) {
  const org = repo.org(orgId)!;
  const tenantGroup = repo.tenantGroup(org.tenantGroupId);
  return {
    page: 'Setup > Omnichannel Inventory',
    org: { id: org.id, name: org.name, myDomain: `https://${org.myDomainHost}` },
    omnichannelInventory: { enabled: tenantGroup?.provisioned === true },
    b2cCommerceIntegration: {
      label: 'Omnichannel Inventory-B2C Commerce Integration',
      status: org.b2cIntegration?.status ?? 'OFF',
      ...(org.b2cIntegration ? { changedAt: org.b2cIntegration.changedAt } : {}),
      ...(org.b2cIntegration?.status === 'PROVISIONING' ? { readyAt: org.b2cIntegration.readyAt } : {}),
    },
    host: org.ociHost,
    tenantId: org.tenantGroupId,
    emulatorHost,
    howToCall: `${emulatorHost}/inventory/{availability|impex|reservation}/v1/organizations/${org.tenantGroupId}/…`,
  };
}
