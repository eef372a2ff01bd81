// What a crash may lose, by persistence mode, and the seeded plan of where the kills land.

export type Mode = 'default' | 'durable';

/**
 * Without --durable, how long before the kill an acknowledged write may still be lost. The store writes what
 * changed `FLUSH_DELAY_MS` after the change, and a batch of this small world takes a few milliseconds; its images
 * are a few kilobytes, one slice. The rest is headroom for a loaded CI machine, where two cores run this suite
 * beside the rest of `npm test` and a child can be starved of CPU for hundreds of milliseconds between writing a
 * response and writing its batch. A write older than this is on disk, or was lost by a bug.
 */
export const DEFAULT_MODE_LOSS_WINDOW_MS = 2_000;

/**
 * The CLI's default, given explicitly so the window above stays true if the default moves. Not shorter: it is
 * what users run, and the longer a change waits in memory, the likelier a kill lands on a write-ordering bug
 * (an upload removed before the job that applied it was written is found within this delay). With --durable
 * every answer flushes at once, so it costs the suite no time.
 */
export const FLUSH_DELAY_MS = 100;

/** When an answer came, if one came (performance.now() of the test process). */
export interface Sent {
  sentAt: number;
  ackAt?: number;
  status?: number;
}

/** Which acknowledged writes must have survived the kill being checked. */
export class Window {
  constructor(
    readonly mode: Mode,
    /** When SIGKILL was sent. */
    readonly killAt: number,
    /** Without --durable: the latest moment a health check said nothing was waiting to be written (sent time). */
    readonly quietAt: number,
  ) {}

  /**
   * --durable: every 2xx, even one that arrived after the kill was sent (the answer left the process before it
   * died, so its change was on disk). Otherwise: answered before the loss window, or before a quiet point.
   */
  required(write: Sent): boolean {
    if (write.ackAt === undefined || write.status === undefined || write.status >= 300) return false;
    const required = this.mode === 'durable' || write.ackAt <= this.killAt - DEFAULT_MODE_LOSS_WINDOW_MS || write.ackAt <= this.quietAt;
    if (required) this.checked.add(write);
    return required;
  }

  /** The writes found required so far: the check had something to check. */
  readonly checked = new Set<Sent>();

  describe(write: Sent): string {
    if (write.ackAt === undefined) return `sent ${Math.round(this.killAt - write.sentAt)} ms before the kill, no answer`;
    return `answered ${write.status} ${Math.round(this.killAt - write.ackAt)} ms before the kill`;
  }
}

/** mulberry32: small, fast and the same everywhere, so a seed replays the same plan. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (rng: () => number, low: number, high: number) => Math.floor(low + rng() * (high - low + 1));

/** CRASH_SEED replays a run; without it each run draws its own (printed, so a failure can be replayed). */
export function crashSeed(): number {
  const given = process.env.CRASH_SEED;
  if (given === undefined || given === '') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`CRASH_SEED must be a whole number ≥ 0, got ${JSON.stringify(given)}`);
  return seed;
}

/** CRASH_KILLS: more kills per mode than the `npm test` default, for a longer hunt. */
export function crashKills(fallback: number): number {
  const given = process.env.CRASH_KILLS;
  if (given === undefined || given === '') return fallback;
  const kills = Number(given);
  if (!Number.isSafeInteger(kills) || kills < 1) throw new Error(`CRASH_KILLS must be a whole number ≥ 1, got ${JSON.stringify(given)}`);
  return kills;
}

/** Where a kill lands: a moment after the workload started, or a moment after an import reached a phase. */
export type Trigger =
  | { kind: 'time'; afterMs: number }
  | { kind: 'upload'; afterMs: number }
  | { kind: 'running'; afterMs: number }
  | { kind: 'completed'; afterMs: number };

export function describeTrigger(t: Trigger): string {
  switch (t.kind) {
    case 'time':
      return `${t.afterMs} ms into the workload`;
    case 'upload':
      return `${t.afterMs} ms after an import's upload began`;
    case 'running':
      return `${t.afterMs} ms after an import was seen RUNNING`;
    case 'completed':
      return `${t.afterMs} ms after an import was seen COMPLETED`;
  }
}

/**
 * The kills of one chain: every kind of moment at least once (more of the plain ones), shuffled by the seed.
 * Without --durable the plain kills land past the loss window, so the writes of their first moments are old
 * enough to be required (the others rely on quiet points and on what earlier restarts found).
 */
export function plan(rng: () => number, mode: Mode, kills: number): Trigger[] {
  const kinds: Trigger['kind'][] = ['completed', 'running', 'upload', 'completed', 'time', 'time'];
  const triggers: Trigger[] = [];
  for (let i = 0; i < kills; i++) {
    const kind = i < kinds.length ? kinds[i]! : (['time', 'completed', 'running', 'upload'] as const)[between(rng, 0, 3)]!;
    if (kind === 'time') triggers.push({ kind, afterMs: mode === 'durable' ? between(rng, 50, 1500) : between(rng, 2200, 4000) });
    else if (kind === 'upload') triggers.push({ kind, afterMs: between(rng, 0, 25) });
    else if (kind === 'running') triggers.push({ kind, afterMs: between(rng, 0, 150) });
    // Issue 11's lost import died within ~0.4 s of COMPLETED; the state written last is written within the flush
    // delay, so a third of these kills come at once, a third within the delay.
    else triggers.push({ kind, afterMs: [0, between(rng, 1, 100), between(rng, 101, 450)][between(rng, 0, 2)]! });
  }
  for (let i = triggers.length - 1; i > 0; i--) {
    const j = between(rng, 0, i);
    [triggers[i], triggers[j]] = [triggers[j]!, triggers[i]!];
  }
  return triggers;
}
