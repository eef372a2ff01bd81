import type { VirtualClock } from '../core/clock.js';
import type { Journal } from '../core/journal.js';
import type { Store } from '../core/store/store.js';
import { recordedFixture, WORLD_NAMESPACE, type WorldInfo } from '../world/model.js';

// What the control plane shows of the emulator itself.

export interface HealthSources {
  version: string;
  startedAt: number;
  profile: string;
  clock: VirtualClock;
  store: Store;
  journal: Journal;
}

export function healthView(s: HealthSources) {
  return {
    status: 'ok',
    ready: true,
    version: s.version,
    uptimeSeconds: Math.round((Date.now() - s.startedAt) / 1000),
    profile: s.profile,
    clock: s.clock.snapshot(),
    store: { kind: s.store.backend.kind, location: s.store.backend.location ?? null, pendingWrites: s.store.dirty },
    // What the store holds now (a data file may hold another world than --fixtures named); null for none.
    fixture: recordedFixture(s.store.get<WorldInfo>(WORLD_NAMESPACE)) ?? null,
    journal: { entries: s.journal.size, capacity: s.journal.capacity },
  };
}
