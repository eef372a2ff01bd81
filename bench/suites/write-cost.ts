import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_UPDATE, GET_AVAILABILITY, generatedWorld } from '../support/availability-world.js';
import { settleEmulator, startChildEmulator } from '../support/child-emulator.js';
import { printProfiles, profileRequest } from '../support/cpu-profile.js';
import randomAvailability from '../support/random-availability.cjs';
import { sequential, type SequentialRun } from '../support/sequential.js';
import { median, percentile } from '../support/stats.js';
import { integrationToken } from '../support/tokens.js';
import type { MetricCase, MetricRow, Suite } from '../support/types.js';

// What one write costs on an idle emulator: a batch-update of one record, one request at a time, beside a new
// random get-availability of 10 SKUs × 10 locations (100 combinations) in the same world and the same run. A
// write should cost in proportion to what it writes, so one record should cost no more than a 100-record read.
// Measured fresh, then again after 20 000 records were written (request ids and change-feed entries pile up),
// with --memory and with a data file, in a 1 000-SKU and a 100 000-SKU world of 20 locations.
// BENCH_CPU_PROF=<dir> runs each emulator under `node --cpu-prof`, keeps the profiles there and prints, for
// each single-write phase, the functions the time went to. BENCH_WRITE_COST_SKUS=1000,100000 picks the worlds.

const WORLDS = (process.env.BENCH_WRITE_COST_SKUS ?? '1000,100000').split(',').map(Number);
const LOCATIONS = 20;
const SINGLE = 300;
const GAP_MS = 10;
const PRELOAD = { requests: 200, records: 100 };

export const writeCostSuite: Suite = {
  name: 'write-cost',
  description: `one batch-update of 1 record vs one random get-availability of 10 × 10, one request at a time on an idle CLI emulator, fresh and after ${(PRELOAD.requests * PRELOAD.records).toLocaleString('en-US')} writes; --memory and a data file`,
  async run() {
    const cases: MetricCase[] = [];
    for (const skus of WORLDS) for (const memory of [true, false]) cases.push(await measureWorld(skus, memory));
    return { suite: 'write-cost', cases };
  },
};

async function measureWorld(skus: number, memory: boolean): Promise<MetricCase> {
  const label = `${skus.toLocaleString('en-US')} SKUs × ${LOCATIONS}, ${memory ? '--memory' : 'data file'}`;
  const dir = mkdtempSync(join(tmpdir(), 'oci-bench-write-cost-'));
  const profile = profileRequest(`write-cost-${skus}-${memory ? 'memory' : 'file'}`);
  const args = [...(memory ? ['--memory'] : ['--data', join(dir, 'state.json')]), '--fixtures', 'demo', '--skus', String(skus), '--locations', String(LOCATIONS)];
  const emulator = await startChildEmulator(args, { nodeArgs: profile?.nodeArgs ?? [] });
  const phases: { name: string; write: SequentialRun; read: SequentialRun }[] = [];
  try {
    const world = generatedWorld(skus, LOCATIONS);
    const headers = { authorization: `Bearer ${await integrationToken(emulator.url, ['sfcc.inventory.availability', 'sfcc.inventory.availability.rw'])}` };
    const write = (records: number) => () => ({ path: BATCH_UPDATE, headers, body: JSON.stringify({ records: manyRecords(world, records) }) });
    const read = () => ({ path: GET_AVAILABILITY, headers, body: JSON.stringify(randomAvailability.readBody({ ...world })) });
    // Warm-up, so both kinds run compiled code.
    await sequential(emulator, 50, 0, write(1));
    await sequential(emulator, 50, 0, read);
    const settle = () => settleEmulator(emulator);
    await settle();
    const phase = async (name: string) =>
      phases.push({ name, write: await sequential(emulator, SINGLE, GAP_MS, write(1), settle), read: await sequential(emulator, SINGLE, GAP_MS, read, settle) });
    await phase('fresh');
    await sequential(emulator, PRELOAD.requests, 0, write(PRELOAD.records), settle);
    await phase(`after ${(PRELOAD.requests * PRELOAD.records).toLocaleString('en-US')} writes`);
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (profile) {
    printProfiles(
      profile.dir,
      phases.flatMap((p) => [[`${label}, ${p.name}, ${SINGLE} × batch-update of 1 record`, [p.write.window]] as const, [`${label}, ${p.name}, ${SINGLE} × get-availability 10 × 10`, [p.read.window]] as const]),
    );
  }
  return { kind: 'metrics', name: `${label}: batch-update of 1 record (emulator column) vs get-availability 10 × 10 (baseline column)`, rows: phases.flatMap(rows) };
}

function rows(p: { name: string; write: SequentialRun; read: SequentialRun }): MetricRow[] {
  const p50 = median(p.write.latencies);
  const readP50 = median(p.read.latencies);
  return [
    { label: `${p.name}: latency p50 ms`, emulator: p50, baseline: readP50, digits: 2, target: { text: '≤ the read', met: p50 <= readP50 } },
    { label: `${p.name}: latency p99 ms`, emulator: percentile(p.write.latencies, 0.99), baseline: percentile(p.read.latencies, 0.99), digits: 2 },
    { label: `${p.name}: latency max ms`, emulator: Math.max(...p.write.latencies), baseline: Math.max(...p.read.latencies), digits: 1 },
    { label: `${p.name}: process CPU µs/request`, emulator: p.write.cpuUsPerRequest, baseline: p.read.cpuUsPerRequest, digits: 0 },
  ];
}

/** Records at distinct random SKUs and random locations, each under a new id. */
function manyRecords(world: ReturnType<typeof generatedWorld>, count: number) {
  const records = [];
  while (records.length < count) records.push(...randomAvailability.writeBody({ ...world }).records);
  return records.slice(0, count);
}
