// The injectable OCI outage: a schedule of fault windows on the virtual clock, kept in its own small JSON namespace
// so it survives a restart and travels with snapshots (a reset or a fixture load clears it with everything else).
// Not per tenant group: an outage of the service takes every tenant group down at once, as a real one would.

export const OUTAGE_NAMESPACE = 'oci-outage';

export const OUTAGE_KINDS = ['down', 'slow', 'throttle'] as const;
export type OutageKind = (typeof OUTAGE_KINDS)[number];

/** When several windows overlap, the harsher one is what callers see: down, then throttle, then slow. */
export const SEVERITY: Readonly<Record<OutageKind, number>> = { down: 3, throttle: 2, slow: 1 };

export const DEFAULT_DELAY_MS = 3_000;
export const MAX_DELAY_MS = 60_000;
export const DEFAULT_RETRY_AFTER_SECONDS = 30;
export const MAX_RETRY_AFTER_SECONDS = 3_600;
/** Windows that are active or still to come: each OCI request walks them, so the list stays tiny. */
export const MAX_OPEN_WINDOWS = 50;
/** Ended windows kept for the control plane's view (the oldest go first). */
export const KEEP_ENDED_WINDOWS = 20;

/** What a caller needs of the fault in force (OciServices.outage.current() and the request gate). */
export interface OutageFault {
  kind: OutageKind;
  /** slow only: how long each request waits (real time: a client's timeout is real time too). */
  delayMs?: number;
  /** throttle only: the Retry-After of each 429. */
  retryAfterSeconds?: number;
  /** Epoch ms of the virtual clock, exclusive; absent: until cleared. */
  until?: number;
}

export interface OutageWindow extends OutageFault {
  id: string;
  /** Epoch ms of the virtual clock. */
  from: number;
}

export interface OutageState {
  /** Ids are `outage-<n>`: a counter, so a restart or a snapshot restore never hands out an id twice. */
  nextId: number;
  windows: OutageWindow[];
}

export const emptyOutageState = (): OutageState => ({ nextId: 1, windows: [] });

/** What `schedule` takes, already checked for shape (requests.ts); instants are resolved against the clock. */
export interface ScheduleInput {
  kind: OutageKind;
  from?: number;
  until?: number;
  durationMs?: number;
  delayMs?: number;
  retryAfterSeconds?: number;
}

export type WindowPhase = 'active' | 'scheduled' | 'ended';

export function isActive(w: OutageWindow, now: number): boolean {
  return w.from <= now && (w.until === undefined || now < w.until);
}

export function phaseOf(w: OutageWindow, now: number): WindowPhase {
  if (w.from > now) return 'scheduled';
  return isActive(w, now) ? 'active' : 'ended';
}
