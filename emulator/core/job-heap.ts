// The clock's scheduled jobs as a binary min-heap on (at, seq): jobs due at the same instant run in the order
// they were scheduled. A job may have a key (a later job with the same key replaces it). Cancelled jobs stay in
// place until they reach the top, where they are dropped.

export type JobFn = () => void | Promise<void>;

export interface Job {
  seq: number;
  at: number;
  name: string;
  key: string | undefined;
  run: JobFn;
  cancelled: boolean;
}

export class JobHeap {
  #heap: Job[] = [];
  readonly #byKey = new Map<string, Job>();

  /** Adds the job; one with the same key is cancelled. */
  add(job: Job): void {
    if (job.key !== undefined) {
      this.cancel(job.key);
      this.#byKey.set(job.key, job);
    }
    this.push(job);
  }

  /** The job is cancelled, or about to run: its key is free again. */
  drop(job: Job, cancel = true): void {
    if (cancel) job.cancelled = true;
    if (job.key !== undefined && this.#byKey.get(job.key) === job) this.#byKey.delete(job.key);
  }

  cancel(key: string): boolean {
    const job = this.#byKey.get(key);
    if (job) this.drop(job);
    return job !== undefined;
  }

  cancelByPrefix(prefix: string): number {
    let n = 0;
    for (const [key, job] of this.#byKey) {
      if (!key.startsWith(prefix)) continue;
      this.drop(job);
      n++;
    }
    return n;
  }

  /** The next job to run, skipping cancelled ones. */
  peek(): Job | undefined {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.pop();
    return this.#heap[0];
  }

  /** Jobs not cancelled, in the order they will run. */
  live(): Job[] {
    return this.#heap.filter((j) => !j.cancelled).sort(compare);
  }

  count(): number {
    let n = 0;
    for (const j of this.#heap) if (!j.cancelled) n++;
    return n;
  }

  push(job: Job): void {
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

  pop(): Job | undefined {
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
