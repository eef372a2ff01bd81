import { createEmulator } from '../../emulator/index.js';
import type { RouteInfo } from '../../emulator/index.js';
import { groupRoutes, planCase, type Focus, type Plan, type RouteGroup } from './cases.js';
import { answerProblem } from './checks.js';
import type { Outcome, WireRequest } from './http.js';
import { PROTO_NAMES } from './hostile.js';
import { Pools } from './pools.js';
import { RECIPES } from './recipes.js';
import { describe, describeAnswer } from './report.js';
import { EXAMPLE_PATHS } from './samples.js';
import { Session, sleep } from './session.js';

// Runs the cases against a child emulator, one at a time: plan (seeded), send, check the answer, learn ids
// from it. A request without an answer is followed by the health check: a process that exited is a crash, one
// that no longer answers is a hang; either is restarted and the run goes on. The health check also runs every
// `healthEvery` cases. Every `resetEvery` cases, and after a case changed the world or the clock through the
// control plane, the demo world, the clock and the tokens come back, so the run never drifts into a world
// where every request is refused.

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Only routes of these API families (control, account-manager, salesforce-org, oci, b2c). */
  families?: string[];
  /** Only routes whose template starts with one of these. */
  paths?: string[];
  /** A request without an answer in this time is a hang. */
  timeoutMs?: number;
  healthEvery?: number;
  resetEvery?: number;
  /** Run only these case numbers (to replay a failure; earlier cases' effects on the world are not replayed). */
  only?: number[];
  /** Stop after this many failures. */
  maxFailures?: number;
  progress?: (done: number, failures: number) => void;
}

export interface Failure {
  kind: 'answer' | 'crash' | 'hang' | 'no-answer' | 'logged-error' | 'reset';
  problem: string;
  seed: number;
  caseIndex: number;
  focus: Focus;
  route: string;
  /** Every request of the case, the failing one last and in full. */
  request: string;
  answer?: string;
  log?: string[];
  /** For a crash or a hang: the last cases before, and earlier ones that wrote Object.prototype names (one may
   *  have caused it: a state flush runs ~100 ms after the write). */
  previous?: string[];
}

export interface FuzzResult {
  failures: Failure[];
  cases: number;
  requests: number;
  routes: number;
  byStatus: Record<string, number>;
  byFamily: Record<string, number>;
  dropped: number;
  restarts: number;
  ms: number;
  /** Where a run's time goes (ms). */
  msByRoute: Record<string, number>;
  msByFocus: Record<string, number>;
  /** Cases that took over a second (not failures: a hazard to look at). */
  slow: string[];
}

/**
 * Control-plane calls after which the world, the clock or the tokens are no longer the demo's (an injected fault
 * too: OCI down would answer every later case 503, slow would make them hang).
 */
const CHANGES_WORLD = /^\/__emulator\/(?:reset|fixtures|snapshots\/[^/]+\/restore|clock\/|faults\/)/;

/** The emulator's route table, read from an in-process emulator (nothing listens). */
export async function routeTable(): Promise<RouteInfo[]> {
  const emulator = await createEmulator({ clock: 'frozen', fixtures: false });
  try {
    return emulator.routes();
  } finally {
    await emulator.close();
  }
}

export function selectRoutes(routes: RouteInfo[], options: Pick<FuzzOptions, 'families' | 'paths'>): RouteGroup[] {
  const wanted = (r: RouteInfo) => (!options.families?.length || options.families.includes(r.family)) && (!options.paths?.length || options.paths.some((p) => r.path.startsWith(p)));
  return groupRoutes(routes.filter(wanted));
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const started = performance.now();
  const all = await routeTable();
  const groups = selectRoutes(all, options);
  if (groups.length === 0) throw new Error('no routes match the chosen families and paths');
  const pools = new Pools(groupRoutes(all).map((g) => g.template), EXAMPLE_PATHS);
  const result: FuzzResult = { failures: [], cases: 0, requests: 0, routes: groups.length, byStatus: {}, byFamily: {}, dropped: 0, restarts: 0, ms: 0, msByRoute: {}, msByFocus: {}, slow: [] };
  const session = await new Session(options.timeoutMs ?? 10_000).start();
  const recent = new Recent();
  try {
    const indices = options.only ?? Array.from({ length: options.cases }, (_, i) => i);
    for (const [n, i] of indices.entries()) {
      if (options.maxFailures !== undefined && result.failures.length >= options.maxFailures) break;
      const caseStarted = performance.now();
      const plan = planCase(options.seed, i, groups, pools, session.creds, RECIPES);
      const run = new CaseRun(options.seed, i, plan, session, result, recent);
      const { restarted, changedWorld } = await run.send(pools);
      recent.add(run);
      result.cases++;
      count(result.byFamily, plan.group.family);
      const ms = performance.now() - caseStarted;
      count(result.msByRoute, plan.group.template.path, ms);
      count(result.msByFocus, plan.before.length > 0 ? 'recipe' : plan.focus, ms);
      if (ms > 1_000 && !restarted) result.slow.push(`${Math.round(ms)} ms ${run.summary}`);
      if (restarted) continue;
      await run.collectLog();
      if ((n + 1) % (options.healthEvery ?? 100) === 0 && !(await session.healthy())) {
        run.fail(session.child.exited ? 'crash' : 'hang', session.child.exited ? `the emulator ${session.child.exited}` : 'the health check fails', run.last, undefined, run.log().slice(-40));
        await session.restart();
      } else if ((n + 1) % (options.resetEvery ?? 400) === 0 || changedWorld) {
        await session.resetWorld().catch(async (error: Error) => {
          run.fail('reset', error.message, run.last, undefined, run.log().slice(-40));
          await session.restart();
        });
      }
      options.progress?.(n + 1, result.failures.length);
    }
    // Still alive and answering at the end (background work the last cases started included).
    await sleep(200);
    if (!(await session.healthy())) {
      result.failures.push({ kind: session.child.exited ? 'crash' : 'hang', problem: `after the last case: ${session.child.exited ? `the emulator ${session.child.exited}` : 'the health check fails'}`, seed: options.seed, caseIndex: -1, focus: 'valid', route: '(end of run)', request: '', previous: recent.list() });
    }
  } finally {
    await session.stop();
    result.restarts = session.restarts;
    result.ms = Math.round(performance.now() - started);
  }
  return result;
}

/** One case on the wire: its requests in order, each answer checked, ids learnt, failures recorded. */
class CaseRun {
  readonly #sent: WireRequest[] = [];
  readonly #mark: number;
  summary = '';

  constructor(
    readonly seed: number,
    readonly index: number,
    readonly plan: Plan,
    readonly session: Session,
    readonly result: FuzzResult,
    readonly recent: Recent,
  ) {
    this.#mark = session.child.mark();
  }

  get last(): WireRequest {
    return this.#sent.at(-1) ?? { method: this.plan.method, path: this.plan.group.template.path, headers: {} };
  }

  log(): string[] {
    return this.session.child.logSince(this.#mark);
  }

  fail(kind: Failure['kind'], problem: string, sent: WireRequest, answer?: string, log?: string[]): void {
    const earlier = this.#sent.filter((r) => r !== sent).map((r) => `(sent first) ${describe(r, 300)}`);
    this.result.failures.push({
      kind,
      problem,
      seed: this.seed,
      caseIndex: this.index,
      focus: this.plan.focus,
      route: `${this.plan.method} ${this.plan.group.template.path}`,
      request: [...earlier, describe(sent)].join('\n\n'),
      answer,
      log,
      ...(kind === 'crash' || kind === 'hang' ? { previous: this.recent.list() } : {}),
    });
  }

  /** A 2xx answer to a request that carried one of Object.prototype's names. */
  wroteProtoName = false;

  async send(pools: Pools): Promise<{ restarted: boolean; changedWorld: boolean }> {
    const { plan, session } = this;
    const answers: (Buffer | undefined)[] = [];
    let changedWorld = false;
    for (let s = 0; s <= plan.before.length; s++) {
      const recipe = plan.before.length > 0 ? RECIPES.find((r) => r.target.test(`${plan.method} ${plan.group.template.path}`)) : undefined;
      const sent = s < plan.before.length ? plan.before[s]! : plan.build(recipe?.bind(answers) ?? {});
      this.#sent.push(sent);
      const out = await session.send(sent);
      this.result.requests++;
      this.summary = `case ${this.index}: ${sent.method} ${sent.path.slice(0, 160)} → ${out.kind === 'answer' ? out.status : out.kind}`;
      answers.push(out.kind === 'answer' ? out.body : undefined);
      if (out.kind === 'answer') {
        count(this.result.byStatus, `${Math.floor(out.status / 100)}xx`);
        const problem = answerProblem(sent.method, sent.path, out.status, out.headers, out.body);
        if (problem) this.fail('answer', problem, sent, describeAnswer(out));
        if (out.status < 300) {
          if (sent.method !== 'GET' && PROTO.test(sent.path + (sent.body?.subarray(0, 4096).toString('latin1') ?? ''))) this.wroteProtoName = true;
          harvest(pools, plan, sent, out);
          if (sent.method !== 'GET' && CHANGES_WORLD.test(sent.path)) changedWorld = true;
        }
        continue;
      }
      if (out.kind === 'dropped') this.result.dropped++;
      // No answer: a crash, a hang, or a connection the server closed early; the health check tells which.
      if (await session.healthy()) {
        if (out.kind === 'timeout') this.fail('no-answer', `no answer within ${session.timeoutMs} ms (the emulator still answers others)`, sent);
        continue;
      }
      if (await session.exitsWithin(1_000)) this.fail('crash', `the emulator ${session.child.exited}`, sent, undefined, this.log().slice(-40));
      else this.fail('hang', `no answer ${out.kind === 'timeout' ? `within ${session.timeoutMs} ms` : `(${out.error})`} and the health check fails`, sent, undefined, this.log().slice(-40));
      await session.restart();
      return { restarted: true, changedWorld };
    }
    return { restarted: false, changedWorld };
  }

  /** What the emulator logged as unexpected goes with the case's failure, or is one (a background job's error). */
  async collectLog(): Promise<void> {
    const own = this.result.failures.filter((f) => f.caseIndex === this.index && f.seed === this.seed);
    // The log comes through a pipe and may arrive after the 5xx it explains.
    const logs = () => this.log().some((l) => /^error\s/.test(l));
    if (own.some((f) => /^answered 5/.test(f.problem))) for (let waited = 0; waited < 100 && !logs(); waited += 5) await sleep(5);
    const logged = this.log();
    if (!logged.some((l) => /^error\s/.test(l))) return;
    if (own.length > 0) for (const f of own) f.log ??= logged.slice(0, 20);
    else this.fail('logged-error', 'the emulator logged an unexpected error (for this case or work it started earlier)', this.last, undefined, logged.slice(0, 20));
  }
}

const PROTO = new RegExp(PROTO_NAMES.join('|'));

/** The last cases, and among the last 200 those that wrote an Object.prototype name: suspects of a crash. */
class Recent {
  readonly #last: { summary: string; suspect: boolean }[] = [];

  add(run: CaseRun): void {
    this.#last.push({ summary: run.summary, suspect: run.wroteProtoName });
    if (this.#last.length > 200) this.#last.shift();
  }

  list(): string[] {
    const suspects = this.#last.slice(0, -5).filter((c) => c.suspect).map((c) => `${c.summary} (wrote an Object.prototype name)`);
    return [...suspects.slice(-5), ...this.#last.slice(-5).map((c) => c.summary)];
  }
}

function harvest(pools: Pools, plan: Plan, sent: WireRequest, out: Extract<Outcome, { kind: 'answer' }>): void {
  if (sent.path.startsWith('/__emulator') || !/json/.test(String(out.headers['content-type']))) return;
  let body: unknown;
  try {
    body = JSON.parse(out.body.toString());
  } catch {
    return;
  }
  const location = out.headers.location;
  pools.harvest(plan.group.template, body, typeof location === 'string' ? location : undefined);
}

function count(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}
