import { CLOCK_RANGE, inClockRange, MAX_INSTANT } from './instant.js';
import { ClockRangeError, type ClockMode, type ClockOptions, type ClockSnapshot, type ClockState, type JobHandle, type ScheduledJobInfo } from './clock-types.js';
import { JobHeap, type Job, type JobFn } from './job-heap.js';

// The emulator's only source of time. `real` follows the wall clock plus an offset; `frozen` moves only when told.
// Every expiry and background job is a scheduled job here, so tests advance time instead of sleeping.
//
// Time never goes backwards on its own: the clock stays within CLOCK_RANGE in whole milliseconds, a wall clock
// stepping back holds the virtual one where it was, and `state()` says what to persist so that a restart carries on
// from where the clock was (clock-keeper.ts). The one way back is asking for it: `set` to an earlier instant.

export { ClockRangeError, type ClockMode, type ClockOptions, type ClockSnapshot, type ClockState, type JobHandle, type ScheduledJobInfo } from './clock-types.js';

const MAX_TIMER_MS = 2_147_483_647;
// How far ahead of a real clock `shownUntil` runs: its owner writes the state about once a second, not at every
// reading, and a restart never starts more than this much later than the clock had got to.
const LEASE_MS = 1000;

export class VirtualClock {
  #mode: ClockMode;
  #frozenAt: number;
  #offset: number;
  /** real: the latest instant shown, and the end of the lease on it. */
  #shown: number;
  #leaseUntil = -Infinity;
  #seq = 0;
  readonly #jobs = new JobHeap();
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #listeners = new Set<() => void>();
  readonly #onJobError: (name: string, error: unknown) => void;

  constructor(options: ClockOptions = {}) {
    this.#mode = options.mode ?? 'real';
    const start = options.start ?? Date.now();
    if (!inClockRange(start)) throw new ClockRangeError(`The clock starts at whole milliseconds within ${CLOCK_RANGE}, got ${start}`);
    this.#frozenAt = start;
    this.#shown = start;
    this.#offset = start - Date.now();
    this.#onJobError = options.onJobError ?? (() => {});
  }

  get mode(): ClockMode {
    return this.#mode;
  }

  now(): number {
    if (this.#mode === 'frozen') return this.#frozenAt;
    const t = Date.now() + this.#offset;
    if (t <= this.#shown) return this.#shown;
    this.#shown = t;
    if (t > this.#leaseUntil) {
      this.#leaseUntil = t + LEASE_MS;
      this.#changed();
    }
    return t;
  }

  date(): Date {
    return new Date(this.now());
  }

  iso(): string {
    return this.date().toISOString();
  }

  epochSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  snapshot(): ClockSnapshot {
    const now = this.now();
    return {
      mode: this.#mode,
      now: new Date(now).toISOString(),
      epochMs: now,
      offsetMs: this.#mode === 'real' ? this.#offset : now - Date.now(),
      pendingJobs: this.#jobs.count(),
    };
  }

  state(): ClockState {
    const frozen = this.#mode === 'frozen';
    return { mode: this.#mode, offsetMs: this.#offset, frozenAt: this.#frozenAt, shownUntil: frozen ? this.#frozenAt : Math.max(this.#shown, this.#leaseUntil) };
  }

  /** Called after every change `state()` would show (its owner persists it). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Moves time forward, running every job that falls due on the way, in order, each at its own instant. */
  advance(ms: number): Promise<ClockSnapshot> {
    if (!Number.isSafeInteger(ms) || ms < 0) {
      return Promise.reject(new ClockRangeError(`The clock only advances forward, by a whole number of milliseconds ≥ 0; got ${ms}`));
    }
    return this.#serial(async () => {
      const target = this.now() + ms;
      if (target > MAX_INSTANT) throw new ClockRangeError(`Advancing by ${ms} ms would take the clock beyond ${CLOCK_RANGE}`);
      await this.#advanceTo(target);
      return this.snapshot();
    });
  }

  /**
   * Jumps to an instant; forward jumps run the jobs due on the way. A backward jump is the one way back in time:
   * jobs keep their instants and run when time reaches them again.
   */
  set(epochMs: number): Promise<ClockSnapshot> {
    if (!inClockRange(epochMs)) return Promise.reject(new ClockRangeError(`The clock is set to whole milliseconds within ${CLOCK_RANGE}; got ${epochMs}`));
    return this.#serial(async () => {
      if (epochMs >= this.now()) {
        await this.#advanceTo(epochMs);
      } else {
        this.#moveTo(epochMs);
        this.#arm();
        this.#changed();
      }
      return this.snapshot();
    });
  }

  /** Carries on from an instant, in this clock's mode, before or after jobs were scheduled (a restart). */
  carryOn(epochMs: number): void {
    if (!inClockRange(epochMs)) throw new ClockRangeError(`The clock carries on from whole milliseconds within ${CLOCK_RANGE}; got ${epochMs}`);
    this.#moveTo(epochMs);
    this.#arm();
    if (this.#jobs.peek() !== undefined && this.#jobs.peek()!.at <= epochMs) this.#drainSoon();
    this.#changed();
  }

  freeze(): ClockSnapshot {
    if (this.#mode === 'real') {
      this.#frozenAt = this.now();
      this.#mode = 'frozen';
      this.#disarm();
      this.#changed();
    }
    return this.snapshot();
  }

  resume(): ClockSnapshot {
    if (this.#mode === 'frozen') {
      this.#mode = 'real';
      this.#moveTo(this.#frozenAt);
      this.#arm();
      this.#changed();
    }
    return this.snapshot();
  }

  /** Runs `run` when virtual time reaches `at`. A job with the same key replaces the earlier one. */
  schedule(at: number, name: string, run: JobFn, key?: string): JobHandle {
    // A NaN would break the heap's order for every job after it.
    if (!Number.isFinite(at)) throw new RangeError(`Job ${name} cannot be scheduled at ${at}`);
    const job: Job = { seq: ++this.#seq, at, name, key, run, cancelled: false };
    this.#jobs.add(job);
    if (at <= this.now()) this.#drainSoon();
    else this.#arm();
    return { cancel: () => this.#jobs.drop(job) };
  }

  scheduleIn(delayMs: number, name: string, run: JobFn, key?: string): JobHandle {
    return this.schedule(this.now() + delayMs, name, run, key);
  }

  cancel(key: string): boolean {
    return this.#jobs.cancel(key);
  }

  /** Cancels every job whose key starts with the prefix (used when a tenant is reset). */
  cancelByPrefix(prefix: string): number {
    return this.#jobs.cancelByPrefix(prefix);
  }

  pending(): ScheduledJobInfo[] {
    return this.#jobs.live().map((j) => ({ name: j.name, key: j.key, at: printable(j.at) }));
  }

  /** Resolves once every job already due has run. */
  settle(): Promise<void> {
    return this.#serial(() => this.#runDue());
  }

  close(): void {
    this.#closed = true;
    this.#disarm();
    if (this.#immediate) clearImmediate(this.#immediate);
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Puts the clock at the instant in its mode; what it showed before no longer holds it. */
  #moveTo(epochMs: number): void {
    this.#frozenAt = epochMs;
    this.#offset = epochMs - Date.now();
    this.#shown = epochMs;
    this.#leaseUntil = -Infinity;
  }

  async #advanceTo(target: number): Promise<void> {
    if (this.#mode === 'real') {
      this.#moveTo(target);
      this.#changed();
      await this.#runDue();
      return;
    }
    for (let job = this.#jobs.peek(); job && job.at <= target; job = this.#jobs.peek()) {
      this.#jobs.pop();
      if (job.cancelled) continue;
      if (job.at > this.#frozenAt) {
        this.#frozenAt = job.at;
        this.#changed();
      }
      await this.#run(job);
    }
    if (target > this.#frozenAt) {
      this.#frozenAt = target;
      this.#changed();
    }
  }

  async #runDue(): Promise<void> {
    for (let job = this.#jobs.peek(); job && job.at <= this.now(); job = this.#jobs.peek()) {
      this.#jobs.pop();
      if (!job.cancelled) await this.#run(job);
    }
    this.#arm();
  }

  async #run(job: Job): Promise<void> {
    this.#jobs.drop(job, false);
    try {
      await job.run();
    } catch (error) {
      this.#onJobError(job.name, error);
    }
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  #drainSoon(): void {
    if (this.#immediate || this.#closed) return;
    this.#immediate = setImmediate(() => {
      this.#immediate = undefined;
      void this.settle();
    });
    this.#immediate.unref?.();
  }

  #arm(): void {
    this.#disarm();
    if (this.#mode !== 'real' || this.#closed) return;
    const next = this.#jobs.peek();
    if (!next) return;
    const delay = Math.min(Math.max(0, next.at - this.now()), MAX_TIMER_MS);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.settle();
    }, delay);
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** A job's instant as ISO 8601; instants Date cannot print (beyond year 275760) as their number. */
function printable(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
