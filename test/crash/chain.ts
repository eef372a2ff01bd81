import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChildEmulator, ChildEmulators } from '../helpers/child-emulator.js';
import { AVAILABILITY, availabilityOf, Client, LOCATIONS, NoAnswer } from './client.js';
import { ImportFlow } from './imports.js';
import { between, FLUSH_DELAY_MS, plan, random, Window, type Mode, type Trigger } from './rules.js';
import { BatchWriter, ClockWatcher, pause, RESERVABLE_STOCK, RESERVED_SKUS, ReservationWriter, Stop } from './writers.js';

// One emulator's life through a series of kills: start it on a new data file, then, for each kill, run a
// workload (batch-updates, reservations, an import, clock readings), SIGKILL the process at the planned moment,
// start it again on the same data file and check what survived against what the writers were answered.

/** How long an import-phase kill waits for its phase before killing anyway. */
const PHASE_TIMEOUT_MS = 20_000;

export interface KillReport {
  trigger: Trigger;
  /** The phase never came: the kill fell back to the timeout. */
  fellBack: boolean;
  /** From the start of the workload to the kill. */
  workloadMs: number;
  requests: number;
  /** Writes (and readings) the rules required to survive this kill. */
  required: number;
  restartMs: number;
  problems: string[];
}

export class CrashChain {
  readonly plan: Trigger[];
  readonly reports: KillReport[] = [];
  #child: ChildEmulator | undefined;
  #client: Client | undefined;
  #quietAt = -Infinity;
  readonly #batches = [0, 1, 2].map((i) => new BatchWriter(i));
  readonly #reservations = [0, 1].map((i) => new ReservationWriter(i));
  readonly #clock = new ClockWatcher();
  readonly #imports: ImportFlow[] = [];

  constructor(
    readonly mode: Mode,
    readonly seed: number,
    kills: number,
    readonly dataFile: string,
    readonly children: ChildEmulators,
  ) {
    this.plan = plan(random(seed), mode, kills);
  }

  get #args(): string[] {
    return ['--data', this.dataFile, '--fixtures', 'demo', '--flush-delay', String(FLUSH_DELAY_MS), ...(this.mode === 'durable' ? ['--durable'] : [])];
  }

  /** A new world, with the stock reservations take from, on disk before the first kill. */
  async begin(): Promise<void> {
    await this.#start();
    const records = RESERVED_SKUS.flatMap((sku) => LOCATIONS.map((location) => ({ id: `stock-${sku}-${location}`, location, sku, onHand: RESERVABLE_STOCK })));
    const res = await this.#client!.json('POST', `${AVAILABILITY}/batch-update`, { records });
    if (res.status !== 204) throw new Error(`stock: ${res.status} ${JSON.stringify(res.body)}`);
    await this.#waitQuiet();
  }

  /** Workload, kill at the planned moment, restart, check. Answers what was found wrong. */
  async kill(k: number): Promise<KillReport> {
    const trigger = this.plan[k]!;
    const rng = random(this.seed ^ (0x9e3779b9 * (k + 1)));
    const client = this.#client!;
    const stop = new Stop();
    const flow = new ImportFlow(this.#imports.length + 1);
    this.#imports.push(flow);
    const started = performance.now();
    const requestsBefore = client.requests;
    const loops = [
      ...this.#batches.map((b) => b.run(client, stop, rng)),
      ...this.#reservations.map((r) => r.run(client, stop, rng)),
      this.#clock.run(client, stop),
      this.#watchQuiet(client, stop),
      pause(between(rng, 0, 200)).then(() => flow.run(client, stop)),
    ];
    const fellBack = await this.#await(trigger, flow);
    stop.stopped = true;
    const killAt = await this.#child!.kill();
    // CRASH_KEEP=<folder>: the data as the kill left it, before the restart repairs anything, for a post-mortem.
    if (process.env.CRASH_KEEP) cpSync(dirname(this.dataFile), join(process.env.CRASH_KEEP, `${this.mode}-kill-${k + 1}`), { recursive: true });
    const settled = await Promise.allSettled(loops);
    const problems = [...stop.failures, ...settled.flatMap((s) => (s.status === 'rejected' ? [`a writer failed: ${(s.reason as Error).stack}`] : []))];
    const requests = client.requests - requestsBefore;

    const restartAt = performance.now();
    await this.#start();
    const restartMs = performance.now() - restartAt;
    const window = new Window(this.mode, killAt, this.#quietAt);
    await this.#verify(window, rng, problems);
    const report = { trigger, fellBack, workloadMs: Math.round(killAt - started), requests, required: window.checked.size, restartMs: Math.round(restartMs), problems };
    this.reports.push(report);
    return report;
  }

  /** SIGTERM: the CLI writes what is pending and exits 0. */
  async end(): Promise<number | null> {
    return (await this.#child?.stop()) ?? null;
  }

  async #start(): Promise<void> {
    this.#child = await this.children.start(this.#args);
    this.#client = new Client(this.#child.url);
    await this.#client.authenticate();
  }

  async #verify(window: Window, rng: () => number, problems: string[]): Promise<void> {
    const client = this.#client!;
    const health = await client.json('GET', '/__emulator/health');
    const body = health.body as { status?: string; ready?: boolean };
    if (health.status !== 200 || body.status !== 'ok' || body.ready !== true) problems.push(`health after the restart: ${health.status} ${JSON.stringify(health.body)}`);
    await this.#clock.verify(client, window, problems);

    const batchSkus = this.#batches.flatMap((b) => b.skus);
    const before = await availabilityOf(client, [...batchSkus, ...RESERVED_SKUS]);
    for (const b of this.#batches) b.verify(before, window, problems);
    const holds = new Map<string, number>();
    for (const r of this.#reservations) await r.verify(client, window, rng, holds, problems);
    for (const sku of RESERVED_SKUS) {
      for (const location of LOCATIONS) {
        const key = `${sku}@${location}`;
        const found = before.get(key);
        if (found?.onHand !== RESERVABLE_STOCK) problems.push(`stock ${key}: onHand ${found?.onHand} instead of ${RESERVABLE_STOCK}`);
        if (found && found.reserved !== (holds.get(key) ?? 0)) {
          problems.push(`reserved ${key}: ${found.reserved}, but the documents found hold ${holds.get(key) ?? 0} (a document without its hold, or a hold without its document)`);
        }
      }
    }
    for (const flow of this.#imports) await flow.verify(client, window, problems);
  }

  /** Resolves when the trigger's moment came; true when its phase never did and the timeout stood in. */
  async #await(trigger: Trigger, flow: ImportFlow): Promise<boolean> {
    if (trigger.kind === 'time') {
      await pause(trigger.afterMs);
      return false;
    }
    const phase = trigger.kind === 'upload' ? flow.phases.uploading : trigger.kind === 'running' ? flow.phases.running : flow.phases.completed;
    let timer: NodeJS.Timeout | undefined;
    const came = await Promise.race([phase.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PHASE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    // 0 means at once, not at the next timer tick: the state the phase ended with may be on its way to disk.
    if (trigger.afterMs > 0) await pause(trigger.afterMs);
    return !came;
  }

  /** Health checks that said nothing was waiting to be written: every write answered before one is on disk. */
  async #watchQuiet(client: Client, stop: Stop): Promise<void> {
    while (!stop.stopped) {
      try {
        const res = await client.json('GET', '/__emulator/health');
        if ((res.body as { store?: { pendingWrites?: boolean } }).store?.pendingWrites === false) this.#quietAt = Math.max(this.#quietAt, res.sentAt);
      } catch (error) {
        if (error instanceof NoAnswer) return;
        throw error;
      }
      await pause(50);
    }
  }

  async #waitQuiet(): Promise<void> {
    const stop = new Stop();
    const before = this.#quietAt;
    const watching = this.#watchQuiet(this.#client!, stop);
    const deadline = performance.now() + 10_000;
    while (this.#quietAt === before && performance.now() < deadline) await pause(20);
    stop.stopped = true;
    await watching;
    if (this.#quietAt === before) throw new Error('the store never had nothing pending');
  }
}
