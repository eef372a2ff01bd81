import { setImmediate as nextTurn } from 'node:timers/promises';

// Long background work (a million-record import, an export) gives the event loop back every few milliseconds,
// so requests keep being answered while it runs. `due()` is cheap enough to call every few hundred items.

export class StoppedError extends Error {
  constructor() {
    super('stopped: the emulator is closing');
    this.name = 'StoppedError';
  }
}

export class TimeSlice {
  readonly #budgetMs: number;
  readonly #signal: AbortSignal | undefined;
  #since = performance.now();

  /** With a signal, `yield` throws StoppedError once it is aborted: long work ends at its next slice. */
  constructor(budgetMs = 10, signal?: AbortSignal) {
    this.#budgetMs = budgetMs;
    this.#signal = signal;
  }

  /** Whether this slice's budget is spent. */
  due(): boolean {
    return performance.now() - this.#since >= this.#budgetMs;
  }

  /** Yields to the event loop (other requests, timers, I/O) and starts a new slice. */
  async yield(): Promise<void> {
    await nextTurn();
    if (this.#signal?.aborted) throw new StoppedError();
    this.#since = performance.now();
  }

  async maybeYield(): Promise<void> {
    if (this.due()) await this.yield();
  }
}
