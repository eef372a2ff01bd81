import type { Services } from '../party.js';
import type { SetupFacts } from './facts.js';
import type { Recommendation, StepRecord } from './model.js';
import type { StepName } from './steps.js';

// What the guide recommends beside the order itself, checked per step (emulator-behaviour.md "The documented
// sequence"): safety stock on every paired place, a retention above 0, switching to Omnichannel Inventory with the
// storefront offline and no unexported native reservations, and direct imports into B2C kept running a while
// after the switch ("if you turn off the integration, they'll still work").

/** How long after the switch direct imports must have run once, or they count as stopped right away. */
export const DIRECT_IMPORTS_GRACE_MS = 24 * 60 * 60 * 1000;

/** The warnings of the OCI Integration page a switch to OCI answered with, as recommendations of the guide's step 5. */
const AT_SWITCH: Record<string, string> = {
  STOREFRONT_ONLINE: 'The storefront was online during the switch: the guide recommends taking it offline (or a quiet time) while activating, or orders placed during the switch are lost to OCI.',
  OPEN_NATIVE_RESERVATIONS: 'Native orders that held inventory were not exported before the switch: OCI does not know them, so their units are sold again.',
};

export function recommendationsAtSwitch(warnings: unknown): Recommendation[] {
  if (!Array.isArray(warnings)) return [];
  return warnings.filter((w): w is string => typeof w === 'string' && Object.hasOwn(AT_SWITCH, w)).map((code) => ({ code, message: AT_SWITCH[code]! }));
}

export interface RecommendationContext {
  services: Services;
  facts: SetupFacts;
  instanceId: string;
  tenantGroupId: string | undefined;
  record: StepRecord | undefined;
  lastImport: string | undefined;
  now: number;
}

/** The recommendations a step goes against, now. */
export function recommendationsFor(step: StepName, c: RecommendationContext): Recommendation[] {
  switch (step) {
    case 'oci.safety-stock.set':
      return noSafetyStock(c);
    case 'b2c.retention.set':
      return c.services.b2c?.integrationFacts(c.instanceId).retentionDays === 0
        ? [{ code: 'RETENTION_ZERO', message: 'Inventory Record Retention is 0: legacy native records are never cleaned up, and turning the integration off falls back to whatever they hold.' }]
        : [];
    case 'b2c.mode.oci':
      return [...(c.record?.against ?? []), ...directImportsStopped(c)];
  }
  return [];
}

function noSafetyStock(c: RecommendationContext): Recommendation[] {
  const oci = c.services.oci;
  if (!oci || !c.tenantGroupId) return [];
  const out: Recommendation[] = [];
  for (const place of c.facts.pairedLists(c.instanceId, c.tenantGroupId)) {
    const stock = oci.safetyStockAt(c.tenantGroupId, place);
    if (stock.records > 0 && !stock.anySafetyStock) {
      out.push({ code: 'NO_SAFETY_STOCK', message: `'${place}' is paired with a B2C list and keeps no safety stock on any of its ${stock.records} records: sales not yet imported into OCI are oversold online.` });
    }
  }
  return out;
}

function directImportsStopped(c: RecommendationContext): Recommendation[] {
  const record = c.record;
  if (!record?.done || record.undone || !record.importsBefore) return [];
  const switchedAt = Date.parse(record.done.at);
  if (c.now - switchedAt < DIRECT_IMPORTS_GRACE_MS) return [];
  if (c.lastImport && Date.parse(c.lastImport) > switchedAt) return [];
  return [
    {
      code: 'DIRECT_IMPORTS_STOPPED',
      message: `Direct inventory imports into B2C stopped at the switch (the last finished ${record.importsBefore}, none since): the guide recommends keeping them a while, because turning the integration off falls back to those native records.`,
    },
  ];
}
