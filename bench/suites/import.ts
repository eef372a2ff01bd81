import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEMO } from '../../fixtures/well-known.js';
import { writeImportFile } from '../../fixtures/import-file.js';
import { ndjsonBatches } from '../../emulator/oci/impex/import-engine/ndjson-reader.js';
import { startChildEmulator, type ChildEmulator } from '../support/child-emulator.js';
import { integrationToken } from '../support/tokens.js';
import type { MetricRow, Suite } from '../support/types.js';

// The impex import at full size: a generated file of 100 000 SKUs × 10 locations (1 000 000 records, 179 MB, so
// gzip-compressed as OCI requires over 100 MB) imported through the public flow (initiate with fileEncoding GZIP,
// multipart upload, status polling) into the CLI emulator with a data file, while a reader keeps asking for
// availability. Beside it, in the same run, the least work that could read the same records: inflate the same
// file, split it into lines and JSON.parse each (streamed like the emulator reads, and the whole file at once).
// Then the emulator restarts on the persisted records and must answer within 3 s.

const SKUS = Number(process.env.BENCH_IMPORT_SKUS ?? 100_000);
const LOCATIONS = 10;
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const TG = DEMO.salesforce.tenantGroupId;
const IMPEX = `/inventory/impex/v1/organizations/${TG}/availability-records/imports`;
const AVAILABILITY = `/inventory/availability/v1/organizations/${TG}/availability-records/actions/get-availability`;
const READ_SKUS = Array.from({ length: 10 }, (_, i) => `SKU-${String(1 + i * Math.floor(SKUS / 10)).padStart(Math.max(4, String(SKUS).length), '0')}`);
const READ_LOCATIONS = Array.from({ length: LOCATIONS }, (_, i) => `${i >= LOCATIONS / 2 ? 'STORE' : 'WH'}-${String(i + 1).padStart(4, '0')}`);

interface Round {
  processingMs: number;
  uploadMs: number;
  peakRss: number | undefined;
  reads: number[];
  readFailures: number;
  restartListeningMs: number;
  restartReadyMs: number;
  streamedBaselineMs: number;
  wholeBaselineMs: number;
}

export const importSuite: Suite = {
  name: 'import',
  description: `impex import of ${(SKUS * LOCATIONS).toLocaleString('en-US')} records (${SKUS.toLocaleString('en-US')} SKUs × ${LOCATIONS} locations) vs split + JSON.parse; restart with them persisted`,
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
        const round = await importRound(join(dir, `round-${r}`), file, written.records);
        rounds.push({ ...round, streamedBaselineMs, wholeBaselineMs });
        console.log(
          `  round ${r + 1}: import ${Math.round(round.processingMs)} ms (upload ${Math.round(round.uploadMs)} ms), baseline streamed ${Math.round(streamedBaselineMs)} ms, whole ${Math.round(wholeBaselineMs)} ms, ` +
            `peak RSS ${mb(round.peakRss)} MB, ${round.reads.length} reads during import (max ${Math.round(Math.max(...round.reads))} ms), restart ready ${Math.round(round.restartReadyMs)} ms`,
        );
      }
      return { suite: 'import', cases: [{ kind: 'metrics', name: `${written.records.toLocaleString('en-US')} records, median of ${ROUNDS}`, rows: rows(rounds, written.records) }] };
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
  const reads = rounds.flatMap((r) => r.reads).sort((a, b) => a - b);
  const failures = rounds.reduce((n, r) => n + r.readFailures, 0);
  const ready = med((r) => r.restartReadyMs);
  return [
    { label: 'records/s vs streamed inflate+split+parse', emulator: rate, baseline: streamedRate, digits: 0, target: { text: '≥ 250 000/s and ≥ 0.50×', met: rate >= 250_000 && rate / streamedRate >= 0.5 } },
    { label: 'records/s vs whole-file inflate+split+parse', emulator: rate, baseline: wholeRate, digits: 0, target: { text: '≥ 0.50×', met: rate / wholeRate >= 0.5 } },
    { label: 'import wall ms (processing)', emulator: med((r) => r.processingMs), baseline: med((r) => r.streamedBaselineMs), digits: 0 },
    { label: 'upload ms (multipart, loopback)', emulator: med((r) => r.uploadMs), digits: 0 },
    { label: 'peak RSS MB (emulator process)', emulator: peak / 1e6, digits: 0, target: { text: '≤ 1 536', met: peak > 0 && peak <= 1536 * 1024 * 1024 } },
    { label: 'reads during import', emulator: reads.length, digits: 0, target: { text: 'all 200', met: reads.length > 0 && failures === 0 } },
    { label: 'read latency p99 / max ms', emulator: percentile(reads, 0.99), baseline: reads.at(-1) ?? 0, digits: 0 },
    { label: 'restart: listening ms', emulator: med((r) => r.restartListeningMs), digits: 0 },
    { label: 'restart: first correct read ms', emulator: ready, digits: 0, target: { text: '≤ 3 000', met: ready <= 3000 } },
  ];
}

async function importRound(dir: string, file: string, records: number): Promise<Omit<Round, 'streamedBaselineMs' | 'wholeBaselineMs'>> {
  const data = join(dir, 'state.json');
  const args = ['--data', data, '--fixtures', 'demo', '--skus', '1', '--locations', String(LOCATIONS)];
  let emulator: ChildEmulator | undefined = await startChildEmulator(args);
  try {
    const agent = new Agent({ keepAlive: true });
    const token = await integrationToken(emulator.url, ['sfcc.inventory.impex-inventory.rw', 'sfcc.inventory.availability']);
    const auth = { authorization: `Bearer ${token}` };
    const init = await json(agent, emulator.url, 'POST', IMPEX, auth, { fileName: 'bench.ndjson.gz', fileEncoding: 'GZIP', linkDuration: 60 });
    const uploadStarted = performance.now();
    const uploaded = await upload(agent, emulator.url, init.uploadLink as string, auth, file);
    if (uploaded.status !== 200) throw new Error(`upload answered ${uploaded.status}: ${uploaded.text}`);
    const processingStarted = performance.now();
    const reader = readLoop(agent, emulator.url, auth);
    let status: Record<string, unknown>;
    for (;;) {
      status = await json(agent, emulator.url, 'GET', init.importStatusLink as string, auth);
      if (!['WAITING', 'PENDING', 'RUNNING'].includes(status.status as string)) break;
      await sleep(20);
    }
    const processingMs = performance.now() - processingStarted;
    const reads = await reader.stop();
    const counts = status.import as { recordsProcessedCount: number };
    if (status.status !== 'COMPLETED' || counts.recordsProcessedCount !== records) {
      throw new Error(`import ended ${String(status.status)} with ${counts.recordsProcessedCount} of ${records} records: ${JSON.stringify(status)}`);
    }
    const peakRss = emulator.peakRss();
    agent.destroy();
    await emulator.stop();
    emulator = undefined;

    // Restart on the data file: listening, then a read that shows the imported figures.
    const restartStarted = performance.now();
    emulator = await startChildEmulator(args);
    const restartAgent = new Agent({ keepAlive: true });
    const again = { authorization: `Bearer ${await integrationToken(emulator.url, ['sfcc.inventory.availability'])}` };
    const answer = await json(restartAgent, emulator.url, 'POST', AVAILABILITY, again, { skus: [READ_SKUS[1]], locations: [READ_LOCATIONS[0]] });
    const restartReadyMs = performance.now() - restartStarted;
    const records0 = (answer.locations as { records: { sku: string }[] }[] | undefined)?.[0]?.records ?? [];
    if (records0.length !== 1) throw new Error(`after the restart the imported record is missing: ${JSON.stringify(answer)}`);
    restartAgent.destroy();
    return { processingMs, uploadMs: processingStarted - uploadStarted, peakRss, reads: reads.latencies, readFailures: reads.failures, restartListeningMs: emulator.listeningAfterMs, restartReadyMs };
  } finally {
    await emulator?.stop();
  }
}

/** Asks for availability every 25 ms until stopped: the latencies, and how many answers were not 200. */
function readLoop(agent: Agent, url: string, auth: Record<string, string>) {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await send(agent, url, 'POST', AVAILABILITY, auth, JSON.stringify({ skus: READ_SKUS, locations: READ_LOCATIONS }));
      latencies.push(performance.now() - started);
      if (res.status !== 200) failures++;
      await sleep(25);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { latencies, failures };
    },
  };
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

function upload(agent: Agent, url: string, path: string, auth: Record<string, string>, file: string): Promise<{ status: number; text: string }> {
  const boundary = `----oci-bench-${Date.now().toString(16)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fileUpload"; filename="bench.ndjson.gz"\r\nContent-Type: application/gzip\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', agent, headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.on('error', reject);
    stream.on('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
}

async function json(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
  const res = await send(agent, url, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  return JSON.parse(res.text) as Record<string, unknown>;
}

function send(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, agent, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 1e6).toFixed(0));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
