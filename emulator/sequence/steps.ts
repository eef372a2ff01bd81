// The documented sequence (integration-setup-guide.txt; emulator-behaviour.md "The documented sequence"): every
// step of the setup guide that the emulator can see, in the guide's order. `after` lists the steps whose results a
// step uses — the orders that matter for the data, not the phase numbering, so a team that prepares B2C before OCI
// is not told off, but one that switches to the OCI cache before there is safety stock is. Steps of the OCI side
// belong to a tenant group; the rest to a B2C instance (whose tenant group is the one it trusts or will).

export type StepScope = 'tenant-group' | 'instance';

export interface StepDefinition {
  name: string;
  phase: 'Prepare OCI' | 'Prepare B2C' | 'Trust' | 'Commerce API access' | 'Activate';
  title: string;
  /** Where a person or a client does it (named in refusals, so the missing step can be found). */
  where: string;
  scope: StepScope;
  after: readonly string[];
}

export const STEPS = [
  {
    name: 'oci.location-graph.published',
    phase: 'Prepare OCI',
    title: 'Publish the location graph',
    where: 'the org: POST /services/data/vXX.X/commerce/oci/location-graph/uploads, then poll its status',
    scope: 'tenant-group',
    after: [],
  },
  {
    name: 'oci.availability.loaded',
    phase: 'Prepare OCI',
    title: 'Load availability for the locations',
    where: 'OCI: an availability import (inventory/impex), batch-update or a per-record PUT',
    scope: 'tenant-group',
    after: ['oci.location-graph.published'],
  },
  {
    name: 'oci.safety-stock.set',
    phase: 'Prepare OCI',
    title: 'Set safety stock',
    where: 'OCI: safetyStockCount on the availability records (import, batch-update or PUT)',
    scope: 'tenant-group',
    after: ['oci.availability.loaded'],
  },
  {
    name: 'b2c.lists.created',
    phase: 'Prepare B2C',
    title: 'Create inventory lists whose ids equal External References',
    where: 'Business Manager or OCAPI: an inventory list named after a location or location group',
    scope: 'instance',
    after: ['oci.location-graph.published'],
  },
  {
    name: 'b2c.stores.assigned',
    phase: 'Prepare B2C',
    title: 'Assign the paired lists to sites and stores',
    where: "Business Manager or OCAPI: a site's inventory list or a store's inventory_id",
    scope: 'instance',
    after: ['b2c.lists.created'],
  },
  {
    name: 'b2c.retention.set',
    phase: 'Prepare B2C',
    title: 'Set Inventory Record Retention above 0',
    where: 'Business Manager: Administration > Global Preferences > Retention Settings',
    scope: 'instance',
    after: [],
  },
  {
    name: 'org.b2c-integration.provisioned',
    phase: 'Trust',
    title: 'Turn on the Omnichannel Inventory-B2C Commerce Integration and wait for its e-mail',
    where: 'the org: Setup > Omnichannel Inventory',
    scope: 'tenant-group',
    after: [],
  },
  {
    name: 'trust.requested',
    phase: 'Trust',
    title: 'Request trust',
    where: 'the org: Setup > Manage C2C Trust Relationships > New > Request Trust',
    scope: 'instance',
    after: ['org.b2c-integration.provisioned'],
  },
  {
    name: 'trust.allowed',
    phase: 'Trust',
    title: 'Allow the trust request',
    where: 'Business Manager: Administration > Global Preferences > Cross Cloud Trust > Allow',
    scope: 'instance',
    after: ['trust.requested'],
  },
  {
    name: 'trust.established',
    phase: 'Trust',
    title: 'Establish trust',
    where: 'the org: Setup > Manage C2C Trust Relationships > Establish Trust',
    scope: 'instance',
    after: ['trust.allowed'],
  },
  {
    name: 'am.client.created',
    phase: 'Commerce API access',
    title: 'An active API client with the Salesforce Commerce API role for the instance',
    where: 'Account Manager: API Client > Add an API Client ID (and activate it)',
    scope: 'instance',
    after: [],
  },
  {
    name: 'b2c.mode.oci_cache',
    phase: 'Activate',
    title: 'Switch to OCI Cache Enabled',
    where: 'Business Manager: Administration > Operations > OCI Integration > OCI Cache Enabled',
    scope: 'instance',
    after: ['trust.established', 'oci.availability.loaded', 'oci.safety-stock.set', 'b2c.lists.created', 'b2c.stores.assigned'],
  },
  {
    name: 'b2c.cache.complete',
    phase: 'Activate',
    title: "Wait until every paired list's cache is complete",
    where: 'Business Manager: Administration > Operations > OCI Integration > Cache Status',
    scope: 'instance',
    after: ['b2c.mode.oci_cache'],
  },
  {
    name: 'b2c.mode.oci',
    phase: 'Activate',
    title: 'Switch to Omnichannel Inventory',
    where: 'Business Manager: Administration > Operations > OCI Integration > Omnichannel Inventory',
    scope: 'instance',
    after: ['b2c.mode.oci_cache', 'b2c.cache.complete'],
  },
] as const satisfies readonly StepDefinition[];

export type StepName = (typeof STEPS)[number]['name'];

export const STEP_NAMES: readonly StepName[] = STEPS.map((s) => s.name);

const BY_NAME = new Map<string, StepDefinition>(STEPS.map((s) => [s.name, s]));

export function isStepName(name: string): name is StepName {
  return BY_NAME.has(name);
}

export function stepOf(name: StepName): StepDefinition {
  return BY_NAME.get(name)!;
}

/** The step and every step it needs before it, transitively, in the guide's order. */
export function stepsThrough(name: StepName): StepName[] {
  const wanted = new Set<string>();
  const visit = (n: string) => {
    if (wanted.has(n)) return;
    wanted.add(n);
    for (const before of BY_NAME.get(n)!.after) visit(before);
  };
  visit(name);
  return STEP_NAMES.filter((n) => wanted.has(n));
}
