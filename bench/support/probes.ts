import { sleep } from './json-client.js';

// A client that keeps asking one thing at a steady pace while something heavy runs (an import, a save), one
// request at a time, as a status poller or a storefront would: how long each answer took shows how long the
// server kept it waiting.

export interface Sample {
  /** performance.now() when the request was sent. */
  sentAt: number;
  ms: number;
  ok: boolean;
}

export interface Probe {
  readonly samples: readonly Sample[];
  /** Stops asking; resolves once the request in flight (a stalled one too) has its answer. */
  stop(): Promise<Sample[]>;
}

/** Sends `ask` every `intervalMs` (start to start; at once when an answer took longer). `ask` says whether the answer was right. */
export function startProbe(intervalMs: number, ask: () => Promise<boolean>): Probe {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const sentAt = performance.now();
      let ok = false;
      try {
        ok = await ask();
      } catch {
        ok = false;
      }
      const ms = performance.now() - sentAt;
      samples.push({ sentAt, ms, ok });
      if (running) await sleep(Math.max(0, intervalMs - ms));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}
