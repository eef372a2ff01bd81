import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { Worker } from 'node:worker_threads';
import { parseBatch, type ParsedBatch } from './parsed-batch.js';
import type { ParseTask } from './parse-worker.js';

// Where import lines are parsed. JSON.parse of a million lines is most of an import's work and needs no shared
// state, so big files are parsed on worker threads while the event loop merges the answers, stages and keeps
// serving requests; small files are parsed in place, where a thread hop would cost more than it saves.

export interface BatchParser {
  parse(bytes: Uint8Array, maxLineChars: number): Promise<ParsedBatch>;
}

export const inPlaceParser: BatchParser = {
  parse: async (bytes, maxLineChars) => parseBatch(bytes, maxLineChars),
};

interface Waiting {
  resolve(batch: ParsedBatch): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  waiting: Map<number, Waiting>;
}

// Worker threads do not inherit the TypeScript loader the emulator runs under (tsx, vitest), and registering tsx
// in each thread costs half a second: the worker and the few modules it needs are bundled once per process with
// esbuild (tsx's own compiler, about 80 ms) and started from that code.
let workerCode: string | undefined;

function bundledWorker(): string {
  workerCode ??= buildSync({
    entryPoints: [fileURLToPath(new URL('./parse-worker.ts', import.meta.url))],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return workerCode;
}

/** Threads started on first use and kept for the emulator's life; if one dies, the pool parses in place. */
export class ParsePool implements BatchParser {
  readonly #size: number;
  #threads: Thread[] | undefined;
  #next = 0;
  #taskId = 0;
  #broken = false;
  #closed = false;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.#size = size;
  }

  /** Starts the threads ahead of the first big import (they take a moment to load). */
  warm(): void {
    if (this.#threads || this.#broken || this.#closed) return;
    try {
      this.#threads = Array.from({ length: this.#size }, () => this.#start());
    } catch {
      this.#broken = true;
    }
  }

  parse(bytes: Uint8Array, maxLineChars: number): Promise<ParsedBatch> {
    this.warm();
    if (this.#broken || this.#closed || !this.#threads) return inPlaceParser.parse(bytes, maxLineChars);
    const thread = this.#threads[this.#next++ % this.#threads.length]!;
    const id = ++this.#taskId;
    return new Promise<ParsedBatch>((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, bytes, maxLineChars } satisfies ParseTask, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const threads = this.#threads ?? [];
    this.#threads = undefined;
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  #start(): Thread {
    const worker = new Worker(bundledWorker(), { eval: true, execArgv: [] });
    const thread: Thread = { worker, waiting: new Map() };
    worker.unref();
    worker.on('message', (message: { id: number; batch?: ParsedBatch; error?: string }) => {
      const waiting = thread.waiting.get(message.id);
      if (!waiting) return;
      thread.waiting.delete(message.id);
      if (message.batch) waiting.resolve(message.batch);
      else waiting.reject(new Error(message.error ?? 'the parser thread failed'));
    });
    const fail = (error: Error) => {
      this.#broken = true;
      for (const waiting of thread.waiting.values()) waiting.reject(error);
      thread.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.#closed) fail(new Error(`the parser thread stopped (exit code ${code})`));
    });
    return thread;
  }
}
