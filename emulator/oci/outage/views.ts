import { phaseOf, type OutageWindow } from './model.js';

// What the control plane shows of the schedule: instants as ISO strings, `until: null` for a window that lasts
// until it is cleared, and where each window stands against the virtual clock.

const iso = (ms: number) => new Date(ms).toISOString();

export function activeView(w: Readonly<OutageWindow>) {
  return {
    id: w.id,
    kind: w.kind,
    from: iso(w.from),
    until: w.until === undefined ? null : iso(w.until),
    ...(w.delayMs !== undefined ? { delayMs: w.delayMs } : {}),
    ...(w.retryAfterSeconds !== undefined ? { retryAfterSeconds: w.retryAfterSeconds } : {}),
  };
}

export function windowView(w: Readonly<OutageWindow>, now: number) {
  return { ...activeView(w), state: phaseOf(w, now) };
}

export function faultsView(now: number, active: Readonly<OutageWindow> | undefined, windows: readonly Readonly<OutageWindow>[]) {
  return { now: iso(now), active: active === undefined ? null : activeView(active), windows: windows.map((w) => windowView(w, now)) };
}
