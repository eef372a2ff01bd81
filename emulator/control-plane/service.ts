import type { VirtualClock } from '../core/clock.js';
import { AppError, GenericCode } from '../core/errors/app-error.js';
import { inClockRange, parseRfc3339 } from '../core/instant.js';
import type { Journal } from '../core/journal.js';
import type { Store } from '../core/store/store.js';
import { buildFixture, FixtureError, type FixtureRequest } from '../../fixtures/index.js';

// What the control plane does, as plain operations: reset, fixtures, snapshots, moving the clock. The routes only
// translate HTTP.

/** Namespaces that belong to one tenant: `oci.<tenantGroupId>`, `b2c.<instanceId>`, `org.<orgId>`. */
export function tenantOf(namespace: string): string | undefined {
  const dot = namespace.indexOf('.');
  return dot < 0 ? undefined : namespace.slice(dot + 1);
}

export class ControlService {
  readonly #store: Store;
  readonly #clock: VirtualClock;
  readonly #journal: Journal;
  #baseline: FixtureRequest | undefined;

  constructor(deps: { store: Store; clock: VirtualClock; journal: Journal; baseline: FixtureRequest | undefined }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#journal = deps.journal;
    this.#baseline = deps.baseline;
  }

  get baseline(): FixtureRequest | undefined {
    return this.#baseline;
  }

  /** Back to the fixture world the emulator started with (or the last loaded one); empty when there is none. */
  resetAll(): { namespaces: number } {
    const world = this.#baseline ? buildFixture(this.#baseline) : new Map<string, unknown>();
    this.#store.replaceAll(world);
    this.#journal.clear();
    this.#journal.emit({ type: 'emulator.reset', data: { scope: 'all', fixture: this.#baseline?.name ?? null } });
    return { namespaces: world.size };
  }

  /** Only the tenant's own namespaces go back to their fixture state; shared registries stay as they are. */
  resetTenant(tenant: string): { namespaces: string[] } {
    const world = this.#baseline ? buildFixture(this.#baseline) : new Map<string, unknown>();
    const current = this.#store.namespaces().filter((ns) => tenantOf(ns) === tenant);
    const seeded = [...world.keys()].filter((ns) => tenantOf(ns) === tenant);
    const affected = [...new Set([...current, ...seeded])].sort();
    if (affected.length === 0) {
      throw new AppError(404, GenericCode.NotFound, `No tenant ${tenant}: name a tenant group id or a B2C instance id`);
    }
    for (const ns of affected) {
      if (world.has(ns)) this.#store.set(ns, world.get(ns));
      else this.#store.delete(ns);
    }
    this.#clock.cancelByPrefix(`${tenant}:`);
    this.#journal.emit({ type: 'emulator.reset', tenant, data: { scope: 'tenant', namespaces: affected } });
    return { namespaces: affected };
  }

  loadFixtures(request: FixtureRequest): { fixture: FixtureRequest; namespaces: number } {
    let world: Map<string, unknown>;
    try {
      world = buildFixture(request);
    } catch (error) {
      if (error instanceof FixtureError) throw new AppError(400, GenericCode.ValidationFailed, error.message);
      throw error;
    }
    this.#store.replaceAll(world);
    this.#baseline = request;
    this.#journal.emit({ type: 'emulator.fixtures.loaded', data: { ...request } });
    return { fixture: request, namespaces: world.size };
  }

  /** Moves the clock forward by `by` ms (to the jobs due on the way); the journal says from where to where. */
  async advanceClock(by: number) {
    const before = this.#clock.iso();
    const snapshot = await this.#clock.advance(by);
    this.#journal.emit({ type: 'emulator.clock.advanced', data: { from: before, to: snapshot.now, byMs: by } });
    return snapshot;
  }

  /** Sets the clock to `time`; an earlier instant is the one way back in time, and the journal says so. */
  async setClock(time: number) {
    const before = this.#clock.now();
    const snapshot = await this.#clock.set(time);
    this.#journal.emit({ type: 'emulator.clock.set', data: { from: new Date(before).toISOString(), to: snapshot.now, backwards: time < before } });
    return snapshot;
  }

  async saveSnapshot(name: string) {
    const info = await this.#store.saveSnapshot(name);
    this.#journal.emit({ type: 'emulator.snapshot.saved', data: { name } });
    return info;
  }

  /**
   * The state goes back to the snapshot; the clock keeps its time (the store's clock namespace is written again
   * from the live clock) unless `restoreClock` asks for the snapshot's instant, an explicit step back in time.
   */
  async restoreSnapshot(name: string, restoreClock: boolean) {
    const info = await this.#store.restoreSnapshot(name);
    if (!info) throw new AppError(404, GenericCode.NotFound, `No snapshot named ${name}`);
    // A snapshot file edited by hand may hold anything: an instant the clock cannot take leaves the clock as it is.
    const at = restoreClock ? parseRfc3339(info.clockAt) : undefined;
    const moved = at !== undefined && inClockRange(at);
    if (moved) await this.#clock.set(at);
    this.#journal.emit({ type: 'emulator.snapshot.restored', data: { name, clock: moved, ...(restoreClock && !moved ? { clockAtRefused: String(info.clockAt).slice(0, 64) } : {}) } });
    return info;
  }

  async deleteSnapshot(name: string): Promise<void> {
    if (!(await this.#store.deleteSnapshot(name))) throw new AppError(404, GenericCode.NotFound, `No snapshot named ${name}`);
  }
}
