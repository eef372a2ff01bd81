import type { TrustRelationship } from '../model.js';

// A C2C trust relationship as Setup shows it, with whether Establish Trust is enabled and, when not, why.

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
