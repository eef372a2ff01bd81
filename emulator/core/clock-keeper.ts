import { z } from 'zod';
import type { ClockState, VirtualClock } from './clock.js';
import { MAX_INSTANT, MIN_INSTANT } from './instant.js';
import type { Store } from './store/store.js';

// The virtual clock outlives the process: its state (mode, offset or frozen instant, and an instant no earlier
// than the latest it showed) lives in the store's `clock` namespace, written at every change (a running real
// clock: about once a second). On a restart with the same data file the clock carries on from there, in the mode
// it is started in, never earlier than what it had shown, even when the wall clock is now behind that, and never
// earlier than an explicit start. Resets, fixture loads and snapshot restores replace every namespace; the clock
// keeps its time through them (the namespace is written again from the live clock); only an explicit
// `POST /__emulator/clock/set` or a restore with `{"clock": true}` moves it back.

export const CLOCK_NAMESPACE = 'clock';

const instant = z.number().int().min(MIN_INSTANT).max(MAX_INSTANT);
const storedClock = z.object({
  mode: z.enum(['real', 'frozen']),
  offsetMs: z.number().int().min(-MAX_INSTANT).max(MAX_INSTANT),
  frozenAt: instant,
  // A real clock's lease may reach a little past the range's end.
  shownUntil: z.number().int().min(MIN_INSTANT).max(MAX_INSTANT + 60_000),
});

export interface KeptClock {
  /** Where the clock carried on from, when the store held a clock. */
  carriedOnFrom?: string;
  /** Why a stored clock could not be read (the clock then starts as configured). */
  problem?: string;
  stop(): void;
}

/** Reads the stored clock into `clock` (after a restart) and keeps the stored copy current from then on. */
export function keepClock(clock: VirtualClock, store: Store, options: { start?: number } = {}): KeptClock {
  const kept: KeptClock = { stop: () => {} };
  const saved = store.get<unknown>(CLOCK_NAMESPACE);
  if (saved !== undefined) {
    const parsed = storedClock.safeParse(saved);
    if (parsed.success) {
      const at = carryOnFrom(parsed.data, options.start);
      clock.carryOn(at);
      kept.carriedOnFrom = new Date(at).toISOString();
    } else {
      kept.problem = `the stored clock (namespace ${CLOCK_NAMESPACE}) is not readable: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`;
    }
  }
  const write = () => {
    const record = store.ensure<ClockState>(CLOCK_NAMESPACE, () => clock.state());
    Object.assign(record, clock.state());
    store.touch(CLOCK_NAMESPACE);
  };
  write();
  const stopClock = clock.onChange(write);
  // A replace brings the namespace as the fixture (none) or the snapshot (the clock then) had it: the live clock wins.
  const stopStore = store.onReplace((namespaces) => {
    if (namespaces.has(CLOCK_NAMESPACE)) write();
  });
  kept.stop = () => {
    stopClock();
    stopStore();
  };
  return kept;
}

/** The instant a restart carries on from: where the clock would be now, never before what it showed or the start asked for. */
export function carryOnFrom(saved: ClockState, start?: number): number {
  const then = saved.mode === 'frozen' ? saved.frozenAt : Date.now() + saved.offsetMs;
  const at = Math.max(then, saved.shownUntil, start ?? MIN_INSTANT);
  // A real clock left running near the range's end may have passed it since: it stays at the end.
  return Math.min(at, MAX_INSTANT);
}
