import type { LaneRequest } from '../core/http/fast-lane.js';
import { AppError, GenericCode } from '../core/errors/app-error.js';
import type { TenantDecision } from '../core/auth/require-auth.js';
import type { Principal } from '../core/auth/principal.js';
import type { Services } from '../party.js';

// Whether a caller may use the OCI APIs of the tenant group named in the path (`organizations/{id}`).
// An Account Manager token carries a B2C instance (`SALESFORCE_COMMERCE_API:<instance>`); it may act on a tenant
// group only when that instance is linked to it (by the fixtures, or by an established C2C trust). An org token
// may act on its own org's tenant group, from Phase 1 on. The org says what a tenant group is.

export function tenantGroupAccess(services: Services, param = 'organizationId') {
  return (req: LaneRequest, principal: Principal): TenantDecision => {
    const tenantGroupId = String(req.params[param] ?? '');
    const group = services.salesforceOrg?.tenantGroup(tenantGroupId);
    if (!group || !group.provisioned) {
      return notProvisioned(`tenant group ${tenantGroupId} does not exist or is not provisioned`);
    }
    if (principal.kind === 'account-manager') {
      if (!principal.tenant) return notProvisioned('the token names no instance: request it with scope SALESFORCE_COMMERCE_API:<instance>');
      if (!group.instances.includes(principal.tenant)) {
        return notProvisioned(`instance ${principal.tenant} is not linked to tenant group ${tenantGroupId} (no established trust)`);
      }
    }
    if (principal.kind === 'salesforce-org' && principal.orgId !== group.orgId) {
      return notProvisioned(`the token belongs to org ${principal.orgId}, not to the org of tenant group ${tenantGroupId}`);
    }
    return { tenant: tenantGroupId };
  };
}

function notProvisioned(explain: string): AppError {
  return new AppError(403, GenericCode.TenantForbidden, 'The client is not correctly configured to access the system.', { explain });
}
