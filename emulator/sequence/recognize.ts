import type { EventEntry } from '../core/journal.js';
import type { SetupFacts } from './facts.js';
import type { StepName } from './steps.js';

// Which steps a domain event speaks of, and how:
//   done      — the event is the step itself (trust allowed, a mode switch): recorded as done, even when the world
//               now looks otherwise (a lenient Establish over a pending request must not mark "allowed" done);
//   evaluate  — the event may have made the step hold or stop holding (a list created or deleted, an import that
//               brought safety stock): the facts decide;
//   undo      — the event takes the step back (trust disconnected, the integration turned off).
// Availability writes are the hottest events of all: they are read from the event's own counts, never the facts.

export type Action = 'done' | 'evaluate' | 'undo';

export interface Recognition {
  step: StepName;
  action: Action;
  instanceId?: string;
  tenantGroupId?: string;
}

const LIST_EVENTS = new Set(['b2c.inventory-list.created', 'b2c.inventory-list.deleted', 'b2c.site.inventory-list', 'b2c.store.inventory', 'b2c.store.created']);

/** Every event type that speaks of a step: the rest (orders, baskets, reservations…) cost one lookup. */
const STEP_EVENTS = new Set([
  ...LIST_EVENTS,
  'oci.location-graph.published',
  'oci.availability.written',
  'oci.impex.import.completed',
  'b2c.retention.inventory-records',
  'org.b2c-integration.provisioned',
  'org.b2c-integration.disabled',
  'trust.requested',
  'trust.allowed',
  'trust.established',
  'trust.denied',
  'trust.disconnected',
  'am.client.created',
  'am.client.activated',
  'am.client.deactivated',
  'b2c.mode.oci_cache',
  'b2c.cache.complete',
  'b2c.mode.oci',
  'b2c.mode.b2c',
]);

export function recognitions(event: EventEntry, facts: SetupFacts): Recognition[] {
  const { type, tenant, data } = event;
  if (!STEP_EVENTS.has(type)) return [];
  const forTenantGroup = (step: StepName, action: Action): Recognition[] => (tenant ? [{ step, action, tenantGroupId: tenant }] : []);
  const forInstance = (step: StepName, action: Action, instanceId = tenant): Recognition[] => (instanceId ? [{ step, action, instanceId }] : []);
  const trustInstance = typeof data.instanceId === 'string' ? data.instanceId : undefined;
  const trustOf = (step: StepName, action: Action): Recognition[] => (trustInstance ? [{ step, action, instanceId: trustInstance, tenantGroupId: tenant }] : []);

  if (LIST_EVENTS.has(type)) return [...forInstance('b2c.lists.created', 'evaluate'), ...forInstance('b2c.stores.assigned', 'evaluate')];
  switch (type) {
    case 'oci.location-graph.published': {
      if (!tenant) return [];
      const instances = facts.instances().filter((id) => facts.tenantGroupOf(id) === tenant);
      return [
        ...forTenantGroup('oci.location-graph.published', 'evaluate'),
        ...instances.flatMap((id) => [...forInstance('b2c.lists.created', 'evaluate', id), ...forInstance('b2c.stores.assigned', 'evaluate', id)]),
      ];
    }
    case 'oci.availability.written':
      return [
        ...(Number(data.records) > 0 ? forTenantGroup('oci.availability.loaded', 'done') : []),
        ...(data.safetyStock === true ? forTenantGroup('oci.safety-stock.set', 'done') : []),
      ];
    case 'oci.impex.import.completed':
      if (data.kind !== 'availability' || !(Number(data.processed) > 0)) return [];
      return [...forTenantGroup('oci.availability.loaded', 'done'), ...forTenantGroup('oci.safety-stock.set', 'evaluate')];
    case 'b2c.retention.inventory-records':
      return forInstance('b2c.retention.set', 'evaluate');
    case 'org.b2c-integration.provisioned':
      return forTenantGroup('org.b2c-integration.provisioned', 'done');
    case 'org.b2c-integration.disabled':
      return forTenantGroup('org.b2c-integration.provisioned', 'undo');
    case 'trust.requested':
      return trustOf('trust.requested', 'done');
    case 'trust.allowed':
      return trustOf('trust.allowed', 'done');
    case 'trust.established':
      return trustOf('trust.established', 'done');
    case 'trust.denied':
      return trustOf('trust.requested', 'undo');
    case 'trust.disconnected':
      return [...trustOf('trust.requested', 'undo'), ...trustOf('trust.allowed', 'undo'), ...trustOf('trust.established', 'undo')];
    case 'am.client.created':
    case 'am.client.activated':
    case 'am.client.deactivated':
      return facts.instances().flatMap((id) => forInstance('am.client.created', 'evaluate', id));
    case 'b2c.mode.oci_cache':
      return forInstance('b2c.mode.oci_cache', 'done');
    case 'b2c.cache.complete':
      return forInstance('b2c.cache.complete', 'evaluate');
    case 'b2c.mode.oci':
      return forInstance('b2c.mode.oci', 'done');
    case 'b2c.mode.b2c':
      return [...forInstance('b2c.mode.oci_cache', 'undo'), ...forInstance('b2c.cache.complete', 'undo'), ...forInstance('b2c.mode.oci', 'undo')];
  }
  return [];
}
