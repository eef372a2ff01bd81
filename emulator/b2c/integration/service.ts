import type { VirtualClock } from '../../core/clock.js';
import type { Enforcement } from '../../core/enforcement.js';
import { AppError } from '../../core/errors/app-error.js';
import type { Services } from '../../party.js';
import type { InstanceStates } from '../instances.js';
import { pairingOf } from '../inventory/pairing.js';
import type { NativeInventory } from '../inventory/service.js';
import { DEFAULT_CACHE_CAP } from '../oci-cache/model.js';
import type { OciCache } from '../oci-cache/service.js';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '../oci-cache/timing.js';
import type { SitesService } from '../sites/service.js';
import { HISTORY_LIMIT, initialIntegration, MODE_EVENTS, MODE_LABELS, type IntegrationMode, type IntegrationState, type ModeChange } from './model.js';
import { RetentionJob } from './retention.js';
import { integrationWarnings, type Warning } from './warnings.js';

// The instance's inventory integration mode and its transitions (emulator-behaviour.md, Phase 4):
//   B2C → OCI_CACHE (the instance must be linked to a tenant group: by Established trust or by the fixture; and the
//   documented steps before it done — lists, assignments, availability, safety stock), OCI_CACHE → OCI (every paired
//   list's cache complete), OCI_CACHE → B2C and OCI → B2C (turning it off). The sequence checker says what is
//   missing: strict mode refuses, lenient lets it through (B2C → OCI directly too) and records the violation.
//   Anything else is refused with the step that is missing. Entering OCI_CACHE starts the cache; turning it off drops it; OCI arms the
//   retention purge of native records.

export interface IntegrationDeps {
  states: InstanceStates;
  inventory: NativeInventory;
  sites: SitesService;
  cache: OciCache;
  enforcement: Enforcement;
  services: Services;
  clock: VirtualClock;
}

/** The instance as the documented-sequence checker sees it. */
export interface IntegrationFacts {
  mode: IntegrationMode;
  /** Every inventory list's id. */
  lists: string[];
  /** The lists assigned to a site (its default list) or a store (`inventory_id`). */
  assignedLists: string[];
  retentionDays: number | undefined;
  /** Paired lists whose cache has not completed a full import. */
  incompleteCache: string[];
}

const ALLOWED: Record<IntegrationMode, readonly IntegrationMode[]> = { B2C: ['OCI_CACHE'], OCI_CACHE: ['OCI', 'B2C'], OCI: ['B2C'] };

export class IntegrationService {
  readonly #d: IntegrationDeps;
  /** Native orders holding units, not exported (the storefront, built after this service, tells it). */
  openNativeOrders: (instanceId: string) => { orders: number; units: number } = () => ({ orders: 0, units: 0 });
  readonly #retention: RetentionJob;

  constructor(deps: IntegrationDeps) {
    this.#d = deps;
    this.#retention = new RetentionJob({ clock: deps.clock, inventory: deps.inventory, states: deps.states, mode: (id) => this.mode(id) });
  }

  state(instanceId: string): IntegrationState {
    return (this.#d.states.state(instanceId).integration ??= initialIntegration());
  }

  mode(instanceId: string): IntegrationMode {
    return this.#d.states.existing(instanceId)?.integration?.mode ?? 'B2C';
  }

  /** The modes the instance may switch to from where it is. */
  allowed(instanceId: string): readonly IntegrationMode[] {
    return ALLOWED[this.mode(instanceId)];
  }

  tenantGroup(instanceId: string): string | undefined {
    return this.#d.services.salesforceOrg?.tenantGroupOfInstance(instanceId);
  }

  timeZone(instanceId: string): string {
    return this.#d.states.existing(instanceId)?.integration?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  cacheCap(instanceId: string): number {
    return this.#d.states.existing(instanceId)?.integration?.cacheCap ?? DEFAULT_CACHE_CAP;
  }

  warnings(instanceId: string, target?: IntegrationMode): Warning[] {
    const { inventory, sites, cache, services } = this.#d;
    return integrationWarnings({
      mode: this.mode(instanceId),
      target,
      tenantGroupId: this.tenantGroup(instanceId),
      lists: inventory.lists(instanceId).map((l) => ({ id: l.id, pairing: pairingOf(services, instanceId, l.id) })),
      safetyStockAt: (tenantGroupId, placeId) => services.oci?.safetyStockAt(tenantGroupId, placeId),
      retentionDays: inventory.retentionDays(instanceId),
      held: this.openNativeOrders(instanceId),
      onlineSites: sites.sites(instanceId).filter((s) => s.status === 'online').map((s) => s.id),
      cached: cache.count(instanceId),
      cap: this.cacheCap(instanceId),
      incomplete: this.#incomplete(instanceId),
    });
  }

  /** The mode changes so far, oldest first (never creates state). */
  history(instanceId: string): readonly ModeChange[] {
    return this.#d.states.existing(instanceId)?.integration?.history ?? [];
  }

  /**
   * Switches the mode; answers the change and the warnings that stood at that moment (no change when the instance
   * already was in that mode).
   */
  setMode(instanceId: string, to: IntegrationMode, by: string): { change: ModeChange | undefined; warnings: Warning[] } {
    const from = this.mode(instanceId);
    if (from === to) return { change: undefined, warnings: [] };
    // B2C → OCI skips OCI Cache Enabled: a step out of order (strict refuses, lenient lets it through); any other
    // move the page does not offer is refused in every mode.
    const direct = from === 'B2C' && to === 'OCI';
    if (!direct && !ALLOWED[from].includes(to)) throw refused(from, to, notAllowed(from, to));
    if (to !== 'B2C' && !this.tenantGroup(instanceId)) {
      throw refused(from, to, `The instance ${instanceId} is linked to no OCI tenant group, so the OCI cache has nothing to fill from: establish C2C trust first (step trust.established; Setup > B2C Commerce Integration, then Cross Cloud Trust > Allow).`);
    }
    const violation = to === 'B2C' ? undefined : this.#ordered(instanceId, from, to);
    const warnings = this.warnings(instanceId, to);
    const state = this.state(instanceId);
    const change: ModeChange = { from, to, at: this.#d.states.now(), by, ...(violation ? { violation } : {}) };
    state.mode = to;
    state.history = [...state.history, change].slice(-HISTORY_LIMIT);
    this.#d.states.touch(instanceId);
    if (to === 'OCI_CACHE' || direct) this.#d.cache.start(instanceId);
    if (to === 'B2C') this.#d.cache.stop(instanceId);
    if (to === 'OCI') this.#retention.arm(instanceId);
    else this.#retention.disarm(instanceId);
    this.#d.states.emit(instanceId, MODE_EVENTS[to], { from, to, by, at: change.at, warnings: warnings.map((w) => w.code), ...(violation ? { violation, enforcement: 'lenient' } : {}) });
    return { change, warnings };
  }

  /** Instance Time Zone → Save: kept by its canonical IANA name. */
  setTimeZone(instanceId: string, zone: string): void {
    const canonical = canonicalTimeZone(zone);
    if (!canonical) throw new AppError(400, 'INVALID_TIME_ZONE', `'${zone}' is not a time zone: name one of the IANA zones, such as Europe/Paris, America/New_York or Etc/UTC.`);
    this.state(instanceId).timeZone = canonical;
    this.#d.states.touch(instanceId);
    this.#d.states.emit(instanceId, 'b2c.time-zone.changed', { timeZone: canonical });
  }

  /** Retention Settings were saved: in OCI mode the purge runs now (0 purges at once, as the page says). */
  retentionChanged(instanceId: string): void {
    if (this.mode(instanceId) === 'OCI') this.#retention.arm(instanceId);
  }

  setCacheCap(instanceId: string, cap: number): void {
    if (!Number.isSafeInteger(cap) || cap < 1 || cap > DEFAULT_CACHE_CAP) {
      throw new AppError(400, 'INVALID_CACHE_CAP', `The OCI cache holds from 1 to ${DEFAULT_CACHE_CAP} records; got ${cap}.`);
    }
    this.state(instanceId).cacheCap = cap;
    this.#d.states.touch(instanceId);
  }

  /** After a restart or a store replace: the retention purge of instances in OCI mode runs again. */
  rearm(instanceIds: readonly string[]): void {
    for (const id of instanceIds) {
      if (this.mode(id) === 'OCI') this.#retention.arm(id);
      else this.#retention.disarm(id);
    }
  }

  /** What the documented-sequence checker reads of the instance (through B2C's services). */
  facts(instanceId: string): IntegrationFacts {
    const { inventory, sites } = this.#d;
    const siteList = sites.sites(instanceId);
    const assigned = new Set<string>();
    for (const site of siteList) {
      if (site.inventoryListId) assigned.add(site.inventoryListId);
      for (const store of sites.stores(instanceId, site.id)) if (store.inventoryId) assigned.add(store.inventoryId);
    }
    return {
      mode: this.mode(instanceId),
      lists: inventory.lists(instanceId).map((l) => l.id),
      assignedLists: [...assigned],
      retentionDays: inventory.retentionDays(instanceId),
      incompleteCache: this.#incomplete(instanceId),
    };
  }

  /**
   * The documented order before entering OCI_CACHE or OCI, asked of the sequence checker: strict mode throws the
   * refusal (naming the missing steps), lenient answers the violation to record with the change.
   */
  #ordered(instanceId: string, from: IntegrationMode, to: IntegrationMode): string | undefined {
    const gate = this.#d.services.sequence;
    const step = to === 'OCI' ? 'b2c.mode.oci' : 'b2c.mode.oci_cache';
    const incomplete = this.#incomplete(instanceId);
    const detail = [
      ...(from === 'B2C' && to === 'OCI' ? [notAllowed(from, to)] : []),
      ...(to === 'OCI' && incomplete.length > 0 ? [`The OCI cache has not completed a full import for ${incomplete.map((l) => `'${l}'`).join(', ')} (step b2c.cache.complete): wait until every paired list's Cache Status is complete before switching to ${MODE_LABELS.OCI}.`] : []),
    ];
    if (!gate) {
      if (detail.length > 0 && this.#d.enforcement.strict) throw refused(from, to, detail.join(' '));
      return detail.length > 0 ? detail.join(' ') : undefined;
    }
    const violation = gate.check(step, { instanceId }, (message) => refused(from, to, [...detail, message].join(' ')));
    return violation === undefined ? undefined : [...detail, violation].join(' ');
  }

  /** Paired lists whose cache has not completed a full import. */
  #incomplete(instanceId: string): string[] {
    const { inventory, cache, services } = this.#d;
    return inventory
      .lists(instanceId)
      .filter((l) => pairingOf(services, instanceId, l.id) !== null && !cache.complete(instanceId, l.id))
      .map((l) => l.id);
  }
}

function notAllowed(from: IntegrationMode, to: IntegrationMode): string {
  if (from === 'B2C' && to === 'OCI') {
    return `${MODE_LABELS.OCI} cannot be enabled directly from ${MODE_LABELS.B2C}: switch to ${MODE_LABELS.OCI_CACHE} first (step b2c.mode.oci_cache) and wait until every paired list's Cache Status is complete.`;
  }
  return `${MODE_LABELS[to]} cannot follow ${MODE_LABELS[from]}: turn the integration off first (${MODE_LABELS.B2C}, step b2c.mode.b2c).`;
}

function refused(from: IntegrationMode, to: IntegrationMode, message: string): AppError {
  return new AppError(409, 'MODE_TRANSITION_REFUSED', message, { details: { from, to } });
}
