import type { RequestHandler } from 'express';
import type { SalesforceRepository } from './repository.js';
import type { TrustService } from './trust/service.js';

// What the org offers the other products. They never read its namespaces: OCI asks which tenant group a token
// may use, B2C which tenant group an instance is linked to, both through these calls.

/** A tenant group as the other products need to know it. */
export interface TenantGroupFacts {
  id: string;
  orgId: string;
  provisioned: boolean;
  /** The B2C instances linked to it (by the fixtures or an established C2C trust). */
  instances: readonly string[];
}

export interface SalesforceOrgServices {
  /** The C2C trust flow (the org's Setup side); Business Manager's Cross Cloud Trust page uses it too. */
  trust: TrustService;
  tenantGroup(id: string): TenantGroupFacts | undefined;
  /** The tenant group the instance is linked to, if any (an instance belongs to at most one). */
  tenantGroupOfInstance(instanceId: string): string | undefined;
  /** The tenant group of an org, if it has one. */
  tenantGroupOfOrg(orgId: string): TenantGroupFacts | undefined;
  /** Every tenant group's id (the sequence checker reports on each). */
  tenantGroupIds(): string[];
  /** Whether the Omnichannel Inventory-B2C Commerce Integration of the tenant group's org is on (provisioned). */
  b2cIntegrationOn(tenantGroupId: string): boolean;
  /** The guard of resources under the org's REST API: a valid session of an existing org. */
  orgSession: RequestHandler;
}

export function salesforceOrgServices(repo: SalesforceRepository, trust: TrustService, orgSession: RequestHandler): SalesforceOrgServices {
  const facts = (id: string): TenantGroupFacts | undefined => {
    const group = repo.tenantGroup(id);
    return group ? { id: group.id, orgId: group.orgId, provisioned: group.provisioned, instances: group.links.map((l) => l.instanceId) } : undefined;
  };
  return {
    trust,
    tenantGroup: facts,
    tenantGroupOfInstance: (instanceId) => repo.tenantGroups().find((g) => g.links.some((l) => l.instanceId === instanceId))?.id,
    tenantGroupOfOrg: (orgId) => {
      const org = repo.org(orgId);
      return org ? facts(org.tenantGroupId) : undefined;
    },
    tenantGroupIds: () => repo.tenantGroups().map((g) => g.id),
    b2cIntegrationOn: (tenantGroupId) => {
      const group = repo.tenantGroup(tenantGroupId);
      return (group && repo.org(group.orgId)?.b2cIntegration?.status) === 'ON';
    },
    orgSession,
  };
}
