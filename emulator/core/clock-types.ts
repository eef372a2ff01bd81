// What the virtual clock (clock.ts) takes and tells: its modes, snapshots, persisted state, jobs and errors.

export type ClockMode = 'real' | 'frozen';

export interface ClockSnapshot {
  mode: ClockMode;
  now: string;
  epochMs: number;
  offsetMs: number;
  pendingJobs: number;
}

/** What a restart needs to carry on. */
export interface ClockState {
  mode: ClockMode;
  /** real: virtual time less wall time. */
  offsetMs: number;
  /** frozen: the instant. */
  frozenAt: number;
  /** No instant shown so far is later than this (frozen: the instant; real: a lease a little ahead of now). */
  shownUntil: number;
}

export interface ScheduledJobInfo {
  name: string;
  key: string | undefined;
  at: string;
}

export interface JobHandle {
  cancel(): void;
}

export interface ClockOptions {
  mode?: ClockMode;
  /** Epoch ms the clock starts at (frozen) or is offset to (real). Defaults to the wall clock. */
  start?: number;
  onJobError?: (name: string, error: unknown) => void;
}

/** A clock input outside what the clock takes (not whole milliseconds, backwards by advance, outside CLOCK_RANGE). */
export class ClockRangeError extends RangeError {}
