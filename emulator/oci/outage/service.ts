import type { VirtualClock } from '../../core/clock.js';
import { errors } from '../../core/errors/app-error.js';
import { inClockRange } from '../../core/instant.js';
import type { Journal } from '../../core/journal.js';
import type { Store } from '../../core/store/store.js';
import {
  DEFAULT_DELAY_MS,
  DEFAULT_RETRY_AFTER_SECONDS,
  emptyOutageState,
  isActive,
  KEEP_ENDED_WINDOWS,
  MAX_OPEN_WINDOWS,
  OUTAGE_NAMESPACE,
  SEVERITY,
  type OutageState,
  type OutageWindow,
  type ScheduleInput,
} from './model.js';

// The outage schedule and the one question every OCI request asks of it: is a fault active now (virtual time)?
// `current()` runs before each OCI request's auth, so it reads the namespace as it is (no copy, no index: a reset
// or a restore replaces the namespace and the next call sees the new one) and walks a list kept tiny.
// Listeners hear every change of the schedule and every window starting or ending as the virtual clock passes it:
// a client that stopped calling during an outage (B2C's re-reserve job) learns of the recovery without polling.

const BOUNDARY_JOB = 'oci-outage:boundary';

export interface OutageDeps {
  store: Store;
  clock: VirtualClock;
  journal: Journal;
  /** A listener that threw: reported, never allowed to break the schedule or the clock job that called it. */
  onListenerError?: (error: unknown) => void;
}

export class OutageService {
  readonly #d: OutageDeps;
  readonly #listeners = new Set<() => void>();

  constructor(deps: OutageDeps) {
    this.#d = deps;
    // A reset, a fixture load or a snapshot restore swapped the schedule: the party's rearm() arms the clock job.
    deps.store.onReplace((namespaces) => {
      if (namespaces.has(OUTAGE_NAMESPACE)) this.#notify();
    });
  }

  /** The window in force at the virtual clock's now; of overlapping ones the harshest (down, throttle, slow). */
  current(): Readonly<OutageWindow> | undefined {
    const state = this.#d.store.get<OutageState>(OUTAGE_NAMESPACE);
    if (state === undefined || state.windows.length === 0) return undefined;
    const now = this.#d.clock.now();
    let best: OutageWindow | undefined;
    for (const w of state.windows) if (isActive(w, now) && (best === undefined || harsher(w, best))) best = w;
    return best;
  }

  /** Every window kept (ended ones too, the latest few), in the order they were scheduled. */
  windows(): readonly Readonly<OutageWindow>[] {
    return this.#d.store.get<OutageState>(OUTAGE_NAMESPACE)?.windows ?? [];
  }

  now(): number {
    return this.#d.clock.now();
  }

  /** Adds a window; `from` defaults to now, `until` (or `from` + `durationMs`) to until cleared. */
  schedule(input: ScheduleInput): OutageWindow {
    const now = this.#d.clock.now();
    const from = input.from ?? now;
    const until = input.until ?? (input.durationMs !== undefined ? from + input.durationMs : undefined);
    if (!inClockRange(from)) throw errors.validation(`from: must be an instant the emulator's clock can show`, 'from');
    if (until !== undefined && !inClockRange(until)) throw errors.validation(`until: the window must end at an instant the emulator's clock can show`, 'until');
    if (until !== undefined && until <= from) {
      throw errors.validation(`until: must be after from (${new Date(from).toISOString()}${input.from === undefined ? ', now' : ''})`, 'until');
    }
    const state = this.#d.store.ensure(OUTAGE_NAMESPACE, emptyOutageState);
    prune(state, now);
    if (state.windows.filter((w) => !ended(w, now)).length >= MAX_OPEN_WINDOWS) {
      throw errors.validation(`at most ${MAX_OPEN_WINDOWS} windows may be active or scheduled at once; clear the schedule first`);
    }
    const window: OutageWindow = { id: `outage-${state.nextId++}`, kind: input.kind, from };
    if (until !== undefined) window.until = until;
    if (input.kind === 'slow') window.delayMs = input.delayMs ?? DEFAULT_DELAY_MS;
    if (input.kind === 'throttle') window.retryAfterSeconds = input.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    state.windows.push(window);
    this.#d.store.touch(OUTAGE_NAMESPACE);
    this.#d.journal.emit({ type: 'oci.outage.scheduled', data: { ...window, from: iso(window.from), until: window.until === undefined ? null : iso(window.until) } });
    this.rearm();
    this.#notify();
    return window;
  }

  /** Recovery now: active windows end at this instant, windows still to come are dropped. */
  clear(): { ended: string[]; dropped: string[] } {
    const state = this.#d.store.get<OutageState>(OUTAGE_NAMESPACE);
    const now = this.#d.clock.now();
    const out = { ended: [] as string[], dropped: [] as string[] };
    if (state === undefined) {
      this.#d.journal.emit({ type: 'oci.outage.cleared', data: out });
      return out;
    }
    const kept: OutageWindow[] = [];
    for (const w of state.windows) {
      if (w.from > now) {
        out.dropped.push(w.id);
        continue;
      }
      if (isActive(w, now)) {
        w.until = now;
        out.ended.push(w.id);
      }
      kept.push(w);
    }
    state.windows = kept;
    prune(state, now);
    this.#d.store.touch(OUTAGE_NAMESPACE);
    this.#d.journal.emit({ type: 'oci.outage.cleared', data: out });
    this.rearm();
    if (out.ended.length + out.dropped.length > 0) this.#notify();
    return out;
  }

  /** Calls `listener` when the schedule changed or a window started or ended; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Arms one clock job at the next instant a window starts or ends (from the state: at boot, after a replace, after
   * every change). A clock set backwards leaves it later than needed; the next change or replace arms it again.
   */
  rearm(): void {
    const { clock } = this.#d;
    clock.cancel(BOUNDARY_JOB);
    const now = clock.now();
    let next = Infinity;
    for (const w of this.windows()) {
      if (w.from > now) next = Math.min(next, w.from);
      else if (w.until !== undefined && w.until > now) next = Math.min(next, w.until);
    }
    if (next === Infinity) return;
    clock.schedule(
      next,
      'oci outage window starts or ends',
      () => {
        this.rearm();
        this.#notify();
      },
      BOUNDARY_JOB,
    );
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        this.#d.onListenerError?.(error);
      }
    }
  }
}

function harsher(a: OutageWindow, b: OutageWindow): boolean {
  if (SEVERITY[a.kind] !== SEVERITY[b.kind]) return SEVERITY[a.kind] > SEVERITY[b.kind];
  // Same kind: the longer delay or the longer Retry-After is the harsher.
  return (a.delayMs ?? 0) + (a.retryAfterSeconds ?? 0) > (b.delayMs ?? 0) + (b.retryAfterSeconds ?? 0);
}

const iso = (ms: number) => new Date(ms).toISOString();

function ended(w: OutageWindow, now: number): boolean {
  return w.until !== undefined && w.until <= now;
}

/** Keeps the latest ended windows only, so the list each request walks never grows with history. */
function prune(state: OutageState, now: number): void {
  let drop = state.windows.filter((w) => ended(w, now)).length - KEEP_ENDED_WINDOWS;
  if (drop <= 0) return;
  // The list is in the order windows were scheduled: the first ended ones are the oldest.
  state.windows = state.windows.filter((w) => {
    if (drop === 0 || !ended(w, now)) return true;
    drop--;
    return false;
  });
}
