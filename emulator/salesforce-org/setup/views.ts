import type { TrustRelationship } from '../model.js';
import type { SalesforceRepository } from '../repository.js';

// Setup's pages as data.
// - Omnichannel Inventory: whether OCI is on for the org, and the host and tenant id the page shows for calling
//   the OCI Commerce APIs, next to the host clients use on the emulator instead.
// - Manage C2C Trust Relationships: each relationship, with whether Establish Trust is enabled and, when not, why.

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

export function trustsPage(relationships: readonly TrustRelationship[]) {
  return { page: 'Setup > Manage C2C Trust Relationships', relationships: relationships.map(trustView) };
}

export function trustView(t: TrustRelationship) {
  return {
    id: t.id,
    name: `${t.cloud} - ${t.instanceId}`,
    cloud: t.cloud,
    remoteTenantUrl: t.remoteTenantUrl,
    instanceId: t.instanceId,
    tenantGroupId: t.tenantGroupId,
    status: t.status,
    requestedBy: t.requestedBy,
    requestedAt: t.requestedAt,
    ...(t.decidedAt ? { decidedBy: t.decidedBy, decidedAt: t.decidedAt } : {}),
    ...(t.establishedAt ? { establishedAt: t.establishedAt } : {}),
    ...(t.disconnectedAt ? { disconnectedAt: t.disconnectedAt } : {}),
    lastModified: t.lastModified,
    establishTrust: t.status === 'Allowed' ? { enabled: true } : { enabled: false, reason: disabledBecause(t) },
  };
}

function disabledBecause(t: TrustRelationship): string {
  switch (t.status) {
    case 'Pending':
      return 'Waiting for Business Manager to allow the trust request (Administration > Global Preferences > Cross Cloud Trust).';
    case 'Denied':
      return 'Business Manager denied the trust request.';
    case 'Established':
      return 'Trust is established.';
    default:
      return 'The relationship was disconnected.';
  }
}
