import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_UPDATE, GET_AVAILABILITY, RANDOM_REQUESTS, generatedWorld, readRequest, verifyRead, verifyWrite, writeRequest } from '../support/availability-world.js';
import { assertSameWire } from '../support/baseline.js';
import { startChildBaseline } from '../support/child-baseline.js';
import { settleEmulator, startChildEmulator } from '../support/child-emulator.js';
import { childCpu, waitIdle, type ChildServer } from '../support/child-process.js';
import { printProfiles, profileRequest, type Window } from '../support/cpu-profile.js';
import { benchConfig } from '../support/config.js';
import { sendOnce, type RequestSpec } from '../support/http.js';
import type { GeneratedLoad, LoadSpec } from '../support/load.js';
import { measureRounds } from '../support/rounds.js';
import { integrationToken } from '../support/tokens.js';
import type { CaseResult, Suite } from '../support/types.js';

// OCI availability as B2C and storefronts use it, in a world sized like a real catalogue (100 000 SKUs at 20
// locations, 2 000 000 records), served by the CLI emulator with a data file (persistence on) in its own process.
// The headline is the realistic mix: each request a new random get-availability of 10 SKUs × 10 locations, every
// tenth a batch-update of 10 random records. Then reads alone, writes alone, and last the one repeated query,
// which the answer cache serves: labelled as cached, never the headline. The baseline, in a process of its own
// too, is bare Express answering the same routes with the bytes the emulator sent.
// BENCH_AVAILABILITY_SKUS sizes the world; BENCH_AVAILABILITY_STORE=memory runs the emulator with --memory;
// BENCH_CPU_PROF=<dir> profiles the emulator and prints where each case's time went (the top BENCH_PROF_TOP
// functions, 20 by default); BENCH_AVAILABILITY_CASES (mix,reads,writes,cached) runs only those cases, in order.

const SKUS = Number(process.env.BENCH_AVAILABILITY_SKUS ?? 100_000);
const LOCATIONS = 20;
const MEMORY = process.env.BENCH_AVAILABILITY_STORE === 'memory';
const CONNECTIONS = 64;
const WRITE_EVERY = 10;
const SCOPES = ['sfcc.inventory.availability', 'sfcc.inventory.availability.rw'];

type CaseKey = 'mix' | 'reads' | 'writes' | 'cached';
const CASE_KEYS: readonly CaseKey[] = ['mix', 'reads', 'writes', 'cached'];
const CASES = casesToRun(process.env.BENCH_AVAILABILITY_CASES);

const read = { kind: 'read', method: 'POST', path: GET_AVAILABILITY };
const write = { kind: 'write', method: 'POST', path: BATCH_UPDATE };

export const availabilitySuite: Suite = {
  name: 'availability',
  description:
    `OCI availability in a ${SKUS.toLocaleString('en-US')}-SKU × ${LOCATIONS}-location world, CLI emulator ${MEMORY ? 'with --memory' : 'with a data file'}: ` +
    `random get-availability (10 × 10) with every ${WRITE_EVERY}th a 10-record batch-update (headline); reads only; writes only; one repeated query (cached), vs bare Express`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'oci-bench-availability-'));
    const servers: ChildServer[] = [];
    const profile = profileRequest();
    const windows: [string, Window[]][] = [];
    const cases: CaseResult[] = [];
    try {
      const args = [...(MEMORY ? ['--memory'] : ['--data', join(dir, 'state.json')]), '--fixtures', 'demo', '--skus', String(SKUS), '--locations', String(LOCATIONS)];
      const emulator = await startChildEmulator(args, { nodeArgs: profile?.nodeArgs ?? [] });
      servers.push(emulator);
      console.log(
        `  CLI emulator ${MEMORY ? 'with --memory' : 'with a data file'}, ${SKUS.toLocaleString('en-US')} SKUs × ${LOCATIONS} locations (${(SKUS * LOCATIONS).toLocaleString('en-US')} records), ` +
          `listening after ${Math.round(emulator.listeningAfterMs)} ms; baseline: bare Express in its own process; busy = each process's CPU time`,
      );
      const world = generatedWorld(SKUS, LOCATIONS);
      const headers = { authorization: `Bearer ${await integrationToken(emulator.url, SCOPES)}`, 'content-type': 'application/json' };

      // What each kind of request answers, checked, then replayed by the baseline.
      const readSpec = readRequest(world, headers);
      const readAnswer = await sendOnce(emulator.url, readSpec);
      verifyRead(readAnswer, readSpec.query);
      const writeSpec = writeRequest(world, headers);
      const writeAnswer = await sendOnce(emulator.url, writeSpec);
      await verifyWrite(emulator.url, writeSpec, writeAnswer);
      const baseline = await startChildBaseline([
        { method: 'POST', path: GET_AVAILABILITY, captured: readAnswer },
        { method: 'POST', path: BATCH_UPDATE, captured: writeAnswer },
      ]);
      servers.push(baseline);
      assertSameWire(readAnswer, await sendOnce(baseline.url, readSpec), 'the baseline (get-availability)');
      assertSameWire(writeAnswer, await sendOnce(baseline.url, writeSpec), 'the baseline (batch-update)');

      const generated = (cycle: GeneratedLoad['cycle']): GeneratedLoad => ({ module: RANDOM_REQUESTS, context: { ...world }, headers, cycle });
      const measure = async (name: string, spec: LoadSpec, extra: Partial<CaseResult> = {}) => {
        const measured = await measureCase(name, emulator, baseline, spec, extra);
        windows.push([name, measured.windows]);
        return measured.result;
      };
      const bytes = { responseBytes: readAnswer.body.length };
      const all: Record<CaseKey, () => Promise<CaseResult>> = {
        mix: () =>
          measure(`MIX (headline): random 10×10 reads, every ${WRITE_EVERY}th a 10-record batch-update`, generated([...Array<typeof read>(WRITE_EVERY - 1).fill(read), write]), {
            ...bytes,
            targets: { minRateRatio: 0.7, maxP99Ratio: 1.5 },
          }),
        reads: () => measure('reads only: random get-availability 10×10', generated([read]), bytes),
        writes: () => measure('writes only: batch-update of 10 random records', generated([write])),
        cached: () => measure('CACHED (not the headline): one get-availability repeated', cachedRequest(readSpec), bytes),
      };
      for (const key of CASES) cases.push(await all[key]());
    } finally {
      for (const server of servers.reverse()) await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    if (profile) printProfiles(profile.dir, windows, Number(process.env.BENCH_PROF_TOP ?? 20));
    return { suite: 'availability', cases };
  },
};

async function measureCase(name: string, emulator: ChildServer, baseline: ChildServer, spec: LoadSpec, extra: Partial<CaseResult>): Promise<{ result: CaseResult; windows: Window[] }> {
  const config = benchConfig();
  const connections = config.connectionsFromEnv ? config.connections : CONNECTIONS;
  const measured = await measureRounds(name, [
    { label: 'emulator', url: emulator.url, busy: childCpu(emulator), settle: () => settleEmulator(emulator) },
    { label: 'baseline', url: baseline.url, busy: childCpu(baseline), settle: () => waitIdle(baseline) },
  ], spec, connections);
  // The share of writes the load was built with, as the emulator's answers show it (a batch-update answers 204).
  const writes = measured.emulator.statusCodes['204'] ?? 0;
  const share = writeShare(spec);
  const result: CaseResult = {
    name,
    emulator: measured.emulator,
    baseline: measured.baseline,
    rounds: measured.rounds,
    ...measured.load,
    busy: 'process-cpu',
    checks: [
      {
        label: 'batch-updates (204) among the emulator\'s answers',
        value: `${writes.toLocaleString('en-US')} of ${measured.emulator.total.toLocaleString('en-US')}`,
        met: Math.abs(writes / measured.emulator.total - share) <= 0.02,
      },
    ],
    ...extra,
  };
  return { result, windows: measured.emulatorWindows };
}

function casesToRun(list: string | undefined): CaseKey[] {
  if (!list) return [...CASE_KEYS];
  const keys = list.split(',').map((k) => k.trim());
  const unknown = keys.filter((k) => !CASE_KEYS.includes(k as CaseKey));
  if (unknown.length > 0) throw new Error(`BENCH_AVAILABILITY_CASES: unknown case(s) ${unknown.join(', ')}; known: ${CASE_KEYS.join(', ')}`);
  return keys as CaseKey[];
}

function writeShare(spec: LoadSpec): number {
  return 'cycle' in spec ? spec.cycle.filter((step) => step.kind === 'write').length / spec.cycle.length : 0;
}

/** The read the suite checked, sent again and again: after the first, the answer cache serves it. */
function cachedRequest(spec: RequestSpec): RequestSpec {
  return { method: spec.method, path: spec.path, headers: spec.headers, ...(spec.body !== undefined ? { body: spec.body } : {}) };
}
