// The emulator's only source of time. `real` follows the wall clock plus an offset; `frozen` moves only when told.
// Every expiry and background job is a scheduled job here, so tests advance time instead of sleeping.

export type ClockMode = 'real' | 'frozen';

export interface ClockSnapshot {
  mode: ClockMode;
  now: string;
  epochMs: number;
  offsetMs: number;
  pendingJobs: number;
}

export interface ScheduledJobInfo {
  name: string;
  key: string | undefined;
  at: string;
}

type JobFn = () => void | Promise<void>;

interface Job {
  seq: number;
  at: number;
  name: string;
  key: string | undefined;
  run: JobFn;
  cancelled: boolean;
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

const MAX_TIMER_MS = 2_147_483_647;

export class VirtualClock {
  #mode: ClockMode;
  #frozenAt: number;
  #offset: number;
  #seq = 0;
  #heap: Job[] = [];
  #byKey = new Map<string, Job>();
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #onJobError: (name: string, error: unknown) => void;

  constructor(options: ClockOptions = {}) {
    this.#mode = options.mode ?? 'real';
    const start = options.start ?? Date.now();
    this.#frozenAt = start;
    this.#offset = start - Date.now();
    this.#onJobError = options.onJobError ?? (() => {});
  }

  get mode(): ClockMode {
    return this.#mode;
  }

  now(): number {
    return this.#mode === 'frozen' ? this.#frozenAt : Date.now() + this.#offset;
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
      pendingJobs: this.#heap.filter((j) => !j.cancelled).length,
    };
  }

  /** Moves time forward, running every job that falls due on the way, in order, each at its own instant. */
  advance(ms: number): Promise<ClockSnapshot> {
    if (!(ms >= 0)) return Promise.reject(new RangeError('The clock only advances forward'));
    return this.#serial(async () => {
      await this.#advanceTo(this.now() + ms);
      return this.snapshot();
    });
  }

  /** Jumps to an instant; forward jumps run the jobs due on the way, backward jumps leave jobs waiting. */
  set(epochMs: number): Promise<ClockSnapshot> {
    return this.#serial(async () => {
      if (epochMs >= this.now()) {
        await this.#advanceTo(epochMs);
      } else if (this.#mode === 'frozen') {
        this.#frozenAt = epochMs;
      } else {
        this.#offset = epochMs - Date.now();
        this.#arm();
      }
      return this.snapshot();
    });
  }

  freeze(): ClockSnapshot {
    if (this.#mode === 'real') {
      this.#frozenAt = this.now();
      this.#mode = 'frozen';
      this.#disarm();
    }
    return this.snapshot();
  }

  resume(): ClockSnapshot {
    if (this.#mode === 'frozen') {
      this.#offset = this.#frozenAt - Date.now();
      this.#mode = 'real';
      this.#arm();
    }
    return this.snapshot();
  }

  /** Runs `run` when virtual time reaches `at`. A job with the same key replaces the earlier one. */
  schedule(at: number, name: string, run: JobFn, key?: string): JobHandle {
    if (key !== undefined) this.cancel(key);
    const job: Job = { seq: ++this.#seq, at, name, key, run, cancelled: false };
    if (key !== undefined) this.#byKey.set(key, job);
    this.#push(job);
    if (at <= this.now()) this.#drainSoon();
    else this.#arm();
    return {
      cancel: () => {
        job.cancelled = true;
        if (key !== undefined && this.#byKey.get(key) === job) this.#byKey.delete(key);
      },
    };
  }

  scheduleIn(delayMs: number, name: string, run: JobFn, key?: string): JobHandle {
    return this.schedule(this.now() + delayMs, name, run, key);
  }

  cancel(key: string): boolean {
    const job = this.#byKey.get(key);
    if (!job) return false;
    job.cancelled = true;
    this.#byKey.delete(key);
    return true;
  }

  /** Cancels every job whose key starts with the prefix (used when a tenant is reset). */
  cancelByPrefix(prefix: string): number {
    let n = 0;
    for (const [key, job] of this.#byKey) {
      if (key.startsWith(prefix)) {
        job.cancelled = true;
        this.#byKey.delete(key);
        n++;
      }
    }
    return n;
  }

  pending(): ScheduledJobInfo[] {
    return this.#heap
      .filter((j) => !j.cancelled)
      .sort(compare)
      .map((j) => ({ name: j.name, key: j.key, at: new Date(j.at).toISOString() }));
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

  async #advanceTo(target: number): Promise<void> {
    if (this.#mode === 'real') {
      this.#offset += target - this.now();
      await this.#runDue();
      return;
    }
    for (let job = this.#peek(); job && job.at <= target; job = this.#peek()) {
      this.#pop();
      if (job.cancelled) continue;
      if (job.at > this.#frozenAt) this.#frozenAt = job.at;
      await this.#run(job);
    }
    if (target > this.#frozenAt) this.#frozenAt = target;
  }

  async #runDue(): Promise<void> {
    for (let job = this.#peek(); job && job.at <= this.now(); job = this.#peek()) {
      this.#pop();
      if (!job.cancelled) await this.#run(job);
    }
    this.#arm();
  }

  async #run(job: Job): Promise<void> {
    if (job.key !== undefined && this.#byKey.get(job.key) === job) this.#byKey.delete(job.key);
    try {
      await job.run();
    } catch (error) {
      this.#onJobError(job.name, error);
    }
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
    const next = this.#peek();
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

  // A binary min-heap on (at, seq): jobs due at the same instant run in the order they were scheduled.
  #peek(): Job | undefined {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.#pop();
    return this.#heap[0];
  }

  #push(job: Job): void {
    const heap = this.#heap;
    heap.push(job);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): Job | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && compare(heap[l]!, heap[m]!) < 0) m = l;
        if (r < heap.length && compare(heap[r]!, heap[m]!) < 0) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

function compare(a: Job, b: Job): number {
  return a.at - b.at || a.seq - b.seq;
}
