import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeImportFile } from '../../fixtures/import-file.js';
import { ndjsonBatches } from '../../emulator/oci/impex/import-engine/ndjson-reader.js';
import { READ_EVERY_MS, SETTLE_MS, STATUS_EVERY_MS, importRound, type ImportRound } from '../support/import-round.js';
import type { Sample } from '../support/probes.js';
import { max, median, percentile } from '../support/stats.js';
import type { MetricRow, Suite } from '../support/types.js';

// The impex import at full size: a generated file of 100 000 SKUs × 10 locations (1 000 000 records, 179 MB, so
// gzip-compressed as OCI requires over 100 MB) imported through the public flow (initiate with fileEncoding GZIP,
// multipart upload, status polled every 200 ms) into the CLI emulator with a data file, while a reader keeps
// asking for random availability. Beside it, in the same run, the least work that could read the same records:
// inflate the same file, split it into lines and JSON.parse each (streamed like the emulator reads, and the whole
// file at once). The slowest status and read answers, during the import and while its records are saved after
// it, show whether persisting stalls the server. Then the emulator restarts on the persisted records: from the
// spawn to its first correct answer must take at most 3 s.

const SKUS = Number(process.env.BENCH_IMPORT_SKUS ?? 100_000);
const LOCATIONS = 10;
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const STALL_MS = 250;

interface Round extends ImportRound {
  streamedBaselineMs: number;
  wholeBaselineMs: number;
}

export const importSuite: Suite = {
  name: 'import',
  description:
    `impex import of ${(SKUS * LOCATIONS).toLocaleString('en-US')} records (${SKUS.toLocaleString('en-US')} SKUs × ${LOCATIONS} locations) vs split + JSON.parse, ` +
    `status polled every ${STATUS_EVERY_MS} ms and reads in parallel (slowest answers); restart with them persisted`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'oci-bench-import-'));
    try {
      const file = join(dir, 'import.ndjson.gz');
      const written = await writeImportFile(file, { skus: SKUS, locations: LOCATIONS, gzip: true });
      console.log(`  generated ${written.records.toLocaleString('en-US')} records, ${(written.bytes / 1e6).toFixed(0)} MB, ${(statSync(file).size / 1e6).toFixed(1)} MB gzip`);
      const rounds: Round[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Baselines first in each round, the emulator after: alternating keeps a noisy machine fair to both.
        const streamedBaselineMs = await streamedBaseline(file);
        const wholeBaselineMs = wholeFileBaseline(file);
        const round = await importRound(join(dir, `round-${r}`), file, SKUS, LOCATIONS, written.records);
        rounds.push({ ...round, streamedBaselineMs, wholeBaselineMs });
        const slowest = (s: { during: Sample[]; after: Sample[] }) => `slowest ${ms(max(s.during.map((x) => x.ms)))} ms during the import, ${ms(max(s.after.map((x) => x.ms)))} ms after it`;
        console.log(
          `  round ${r + 1}: import ${ms(round.processingMs)} ms (seen COMPLETED after ${ms(round.seenCompletedMs)} ms; upload ${ms(round.uploadMs)} ms), ` +
            `baseline streamed ${ms(streamedBaselineMs)} ms, whole ${ms(wholeBaselineMs)} ms, peak RSS ${mb(round.peakRss)} MB; ` +
            `status ${slowest(round.status)}; reads ${slowest(round.reads)}; restart: listening ${ms(round.restartListeningMs)} ms, first correct read ${ms(round.restartReadyMs)} ms`,
        );
      }
      return { suite: 'import', cases: [{ kind: 'metrics', name: `${written.records.toLocaleString('en-US')} records, ${ROUNDS} rounds`, rows: rows(rounds, written.records) }] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function rows(rounds: Round[], records: number): MetricRow[] {
  const med = (pick: (r: Round) => number) => median(rounds.map(pick));
  const rate = records / (med((r) => r.processingMs) / 1000);
  const streamedRate = records / (med((r) => r.streamedBaselineMs) / 1000);
  const wholeRate = records / (med((r) => r.wholeBaselineMs) / 1000);
  const peak = Math.max(...rounds.map((r) => r.peakRss ?? 0));
  const all = (pick: (r: Round) => { during: Sample[]; after: Sample[] }) => rounds.flatMap((r) => [...pick(r).during, ...pick(r).after]);
  const status = all((r) => r.status);
  const reads = all((r) => r.reads);
  const latencies = (samples: Sample[]) => samples.map((s) => s.ms);
  const stall = (samples: Sample[]) => max(latencies(samples));
  const failed = (samples: Sample[]) => samples.filter((s) => !s.ok).length;
  const ready = med((r) => r.restartReadyMs);
  const window = `during the import and ${(SETTLE_MS / 1000).toFixed(0)} s after`;
  return [
    { label: 'records/s (median) vs streamed inflate+split+parse', emulator: rate, baseline: streamedRate, digits: 0, target: { text: '≥ 250 000/s and ≥ 0.50×', met: rate >= 250_000 && rate / streamedRate >= 0.5 } },
    { label: 'records/s (median) vs whole-file inflate+split+parse', emulator: rate, baseline: wholeRate, digits: 0, target: { text: '≥ 0.50×', met: rate / wholeRate >= 0.5 } },
    { label: 'import ms (job start to end, from its status)', emulator: med((r) => r.processingMs), baseline: med((r) => r.streamedBaselineMs), digits: 0 },
    { label: `import ms seen by the client (poll every ${STATUS_EVERY_MS} ms)`, emulator: med((r) => r.seenCompletedMs), digits: 0 },
    { label: 'upload ms (multipart, loopback)', emulator: med((r) => r.uploadMs), digits: 0 },
    { label: 'peak RSS MB (emulator process)', emulator: peak / 1e6, digits: 0, target: { text: '≤ 1 536', met: peak > 0 && peak <= 1536 * 1024 * 1024 } },
    { label: `status polls (every ${STATUS_EVERY_MS} ms ${window})`, emulator: status.length, digits: 0, target: { text: 'all 200', met: status.length > 0 && failed(status) === 0 } },
    { label: 'status: slowest answer ms (all rounds)', emulator: stall(status), digits: 0, target: { text: `≤ ${STALL_MS}`, met: stall(status) <= STALL_MS } },
    { label: 'status: p99 ms', emulator: percentile(latencies(status), 0.99), digits: 0 },
    { label: `reads (random 10×10, every ${READ_EVERY_MS} ms ${window})`, emulator: reads.length, digits: 0, target: { text: 'all 200', met: reads.length > 0 && failed(reads) === 0 } },
    { label: 'reads: slowest answer ms (all rounds)', emulator: stall(reads), digits: 0, target: { text: `≤ ${STALL_MS}`, met: stall(reads) <= STALL_MS } },
    { label: 'reads: p99 ms', emulator: percentile(latencies(reads), 0.99), digits: 0 },
    { label: 'restart: spawn → listening ms (median)', emulator: med((r) => r.restartListeningMs), digits: 0 },
    { label: 'restart: spawn → first correct read ms (median)', emulator: ready, digits: 0, target: { text: '≤ 3 000', met: ready <= 3000 } },
    { label: 'restart: spawn → first correct read ms (slowest)', emulator: max(rounds.map((r) => r.restartReadyMs)), digits: 0 },
  ];
}

async function streamedBaseline(file: string): Promise<number> {
  const started = performance.now();
  for await (const batch of ndjsonBatches(file, { gzip: true })) {
    for (const line of batch.lines) if (line) JSON.parse(line);
  }
  return performance.now() - started;
}

function wholeFileBaseline(file: string): number {
  const started = performance.now();
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) if (line) JSON.parse(line);
  return performance.now() - started;
}

const ms = (n: number) => Math.round(n);
const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 1e6).toFixed(0));
