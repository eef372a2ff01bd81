import type { Services } from '../party.js';
import type { StepName } from './steps.js';

// What holds now, read through the products' services (never their namespaces): the ground the checker stands on
// when it marks what a fixture already did, when it decides whether a step may happen (strict mode), and when a
// step is taken back. Each answer is cheap except safety stock, which scans a place's records until it finds one
// (remembered by OCI until the tenant group changes), so the checker asks it only when it must.

export class SetupFacts {
  readonly #services: Services;

  constructor(services: Services) {
    this.#services = services;
  }

  instances(): string[] {
    return (this.#services.b2c?.instances() ?? []).map((i) => i.id);
  }

  tenantGroups(): string[] {
    return this.#services.salesforceOrg?.tenantGroupIds() ?? [];
  }

  /**
   * The tenant group an instance integrates with: the one it is linked to, else the one a trust relationship names,
   * else the only one there is (before trust, the guide's world has one org).
   */
  tenantGroupOf(instanceId: string): string | undefined {
    const org = this.#services.salesforceOrg;
    if (!org) return undefined;
    const linked = org.tenantGroupOfInstance(instanceId);
    if (linked) return linked;
    const { pending, current } = org.trust.crossCloudTrust(instanceId);
    const trust = current ?? pending;
    if (trust) return trust.tenantGroupId;
    const all = org.tenantGroupIds();
    return all.length === 1 ? all[0] : undefined;
  }

  /** The instance's lists whose id is a location or group of the tenant group's published graph. */
  pairedLists(instanceId: string, tenantGroupId: string | undefined, lists = this.#services.b2c?.integrationFacts(instanceId).lists): string[] {
    const oci = this.#services.oci;
    if (!tenantGroupId || !oci || !lists) return [];
    return lists.filter((id) => oci.placeOf(tenantGroupId, id) !== undefined);
  }

  /** Whether what the step does is in place now. */
  holds(step: StepName, instanceId: string | undefined, tenantGroupId: string | undefined): boolean {
    const { oci, b2c, salesforceOrg: org, accountManager: am } = this.#services;
    const tg = tenantGroupId;
    switch (step) {
      case 'oci.location-graph.published':
        return tg !== undefined && (oci?.setupFacts(tg).places ?? 0) > 0;
      case 'oci.availability.loaded':
        return tg !== undefined && (oci?.setupFacts(tg).records ?? 0) > 0;
      case 'oci.safety-stock.set':
        return tg !== undefined && (oci?.setupFacts(tg).anySafetyStock() ?? false);
      case 'org.b2c-integration.provisioned':
        return tg !== undefined && (org?.b2cIntegrationOn(tg) ?? false);
    }
    if (instanceId === undefined || !b2c) return false;
    switch (step) {
      case 'b2c.lists.created':
        return this.pairedLists(instanceId, tg).length > 0;
      case 'b2c.stores.assigned': {
        const facts = b2c.integrationFacts(instanceId);
        const paired = new Set(this.pairedLists(instanceId, tg, facts.lists));
        return facts.assignedLists.some((id) => paired.has(id));
      }
      case 'b2c.retention.set':
        return (b2c.integrationFacts(instanceId).retentionDays ?? 0) > 0;
      case 'trust.requested':
      case 'trust.allowed':
      case 'trust.established': {
        if (!org) return false;
        // A relationship in the flow says how far it got; without one, a fixture's link stands for all three.
        const { pending, current } = org.trust.crossCloudTrust(instanceId);
        if (!pending && !current) return org.tenantGroupOfInstance(instanceId) !== undefined;
        if (step === 'trust.requested') return true;
        return step === 'trust.allowed' ? current !== undefined : current?.status === 'Established';
      }
      case 'am.client.created':
        return am?.commerceApiClientFor(instanceId) ?? false;
      case 'b2c.mode.oci_cache':
        return b2c.mode(instanceId) !== 'B2C';
      case 'b2c.cache.complete':
        return b2c.mode(instanceId) !== 'B2C' && b2c.integrationFacts(instanceId).incompleteCache.length === 0;
      case 'b2c.mode.oci':
        return b2c.mode(instanceId) === 'OCI';
    }
    return false;
  }
}
