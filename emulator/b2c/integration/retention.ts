import type { VirtualClock } from '../../core/clock.js';
import type { InstanceStates } from '../instances.js';
import type { NativeInventory } from '../inventory/service.js';
import type { IntegrationMode } from './model.js';

// Inventory Record Retention in Omnichannel Inventory mode: native records no longer written (imports stopped)
// are purged once older than the retention days; 0 (emulator-behaviour.md's decision) and unset keep them all, so
// turning the integration off falls back to whatever stale values they hold. The job runs on the virtual
// clock when the instance enters OCI mode and every hour after, and stops when it leaves it. This is how turning
// the integration off can find the native records gone, as the guide warns.

const EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface RetentionDeps {
  clock: VirtualClock;
  inventory: NativeInventory;
  states: InstanceStates;
  mode(instanceId: string): IntegrationMode;
}

export class RetentionJob {
  readonly #d: RetentionDeps;

  constructor(deps: RetentionDeps) {
    this.#d = deps;
  }

  arm(instanceId: string, at = this.#d.clock.now()): void {
    this.#d.clock.schedule(at, 'b2c inventory record retention', () => this.#run(instanceId), key(instanceId));
  }

  disarm(instanceId: string): void {
    this.#d.clock.cancel(key(instanceId));
  }

  #run(instanceId: string): void {
    if (this.#d.mode(instanceId) !== 'OCI') return;
    const now = this.#d.clock.now();
    const days = this.#d.inventory.retentionDays(instanceId);
    if (days !== undefined && days > 0) {
      const cutoff = new Date(now - days * DAY_MS).toISOString();
      const purged = this.#d.inventory.purgeRecordsBefore(instanceId, cutoff);
      if (purged > 0) this.#d.states.emit(instanceId, 'b2c.retention.purged', { records: purged, retentionDays: days, before: cutoff });
    }
    this.arm(instanceId, now + EVERY_MS);
  }
}

const key = (instanceId: string) => `${instanceId}:retention`;
