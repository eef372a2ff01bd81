import { Agent } from 'node:http';
import { join } from 'node:path';
import { DEMO } from '../../fixtures/well-known.js';
import { generatedWorld, verifyAnswer } from './availability-world.js';
import { startChildEmulator, type ChildEmulator } from './child-emulator.js';
import { json, send, sleep, upload } from './json-client.js';
import { startProbe, type Sample } from './probes.js';
import randomAvailability from './random-availability.cjs';
import { integrationToken } from './tokens.js';

// One round of the import suite: a CLI emulator with a data file imports the file through the public flow
// (initiate, multipart upload, status polled every 200 ms) while a reader asks for random availability; both keep
// going for a while after COMPLETED, when the imported records are saved. Then the emulator stops (writing its
// state) and starts again on the data file, and the time from spawning it to its first correct answer is taken.

const TG = DEMO.salesforce.tenantGroupId;
const IMPEX = `/inventory/impex/v1/organizations/${TG}/availability-records/imports`;
const AVAILABILITY = `/inventory/availability/v1/organizations/${TG}/availability-records/actions/get-availability`;
export const STATUS_EVERY_MS = 200;
export const READ_EVERY_MS = 25;
/** How long the probes go on after COMPLETED: the save of the imported records comes after it. */
export const SETTLE_MS = Number(process.env.BENCH_IMPORT_SETTLE_MS ?? 5_000);
const RESTART_TIMEOUT_MS = 60_000;

export interface ImportRound {
  /** From the job's start to its end, as its status reports them (the emulator's clock). */
  processingMs: number;
  /** From the upload's answer until the status poll saw COMPLETED (so up to one poll interval late). */
  seenCompletedMs: number;
  uploadMs: number;
  peakRss: number | undefined;
  /** Status polls and reads, each split at the job's end: during the import, and after it (the save). */
  status: { during: Sample[]; after: Sample[] };
  reads: { during: Sample[]; after: Sample[] };
  restartListeningMs: number;
  /** From spawning the process to the first answer equal to the one given before the stop. */
  restartReadyMs: number;
}

export async function importRound(dir: string, file: string, skus: number, locations: number, records: number): Promise<ImportRound> {
  const data = join(dir, 'state.json');
  const args = ['--data', data, '--fixtures', 'demo', '--skus', '1', '--locations', String(locations)];
  const world = generatedWorld(skus, locations);
  let emulator: ChildEmulator | undefined = await startChildEmulator(args);
  try {
    const agent = new Agent({ keepAlive: true });
    const token = await integrationToken(emulator.url, ['sfcc.inventory.impex-inventory.rw', 'sfcc.inventory.availability']);
    const auth = { authorization: `Bearer ${token}` };
    const url = emulator.url;
    const init = await json(agent, url, 'POST', IMPEX, auth, { fileName: 'bench.ndjson.gz', fileEncoding: 'GZIP', linkDuration: 60 });
    const uploadStarted = performance.now();
    const uploaded = await upload(agent, url, init.uploadLink as string, auth, file, 'bench.ndjson.gz');
    if (uploaded.status !== 200) throw new Error(`upload answered ${uploaded.status}: ${uploaded.text}`);
    const processingStarted = performance.now();

    let last: Record<string, unknown> | undefined;
    const status = startProbe(STATUS_EVERY_MS, async () => {
      const res = await send(agent, url, 'GET', init.importStatusLink as string, auth);
      if (res.status === 200) last = JSON.parse(res.text) as Record<string, unknown>;
      return res.status === 200;
    });
    const reader = startProbe(READ_EVERY_MS, async () => (await send(agent, url, 'POST', AVAILABILITY, auth, JSON.stringify(randomAvailability.readBody({ ...world })))).status === 200);
    while (last === undefined || ['WAITING', 'PENDING', 'RUNNING'].includes(last.status as string)) await sleep(5);
    const completedAt = performance.now();
    await sleep(SETTLE_MS);
    const [statusSamples, readSamples] = await Promise.all([status.stop(), reader.stop()]);
    const counts = last.import as { recordsProcessedCount: number; startTimeUTC?: string; endTimeUTC?: string };
    if (last.status !== 'COMPLETED' || counts.recordsProcessedCount !== records) {
      throw new Error(`import ended ${String(last.status)} with ${counts.recordsProcessedCount} of ${records} records: ${JSON.stringify(last)}`);
    }
    const processingMs = Date.parse(counts.endTimeUTC ?? '') - Date.parse(counts.startTimeUTC ?? '');
    if (!Number.isFinite(processingMs)) throw new Error(`the import status gives no start and end time: ${JSON.stringify(last)}`);

    // What the imported records read as, for the restart to match.
    const asked = randomAvailability.readBody({ ...world });
    const query = JSON.stringify(asked);
    const before = await send(agent, url, 'POST', AVAILABILITY, auth, query);
    if (before.status !== 200) throw new Error(`read after the import answered ${before.status}: ${before.text}`);
    verifyAnswer(before.text, asked);
    const peakRss = emulator.peakRss();
    agent.destroy();
    await emulator.stop();
    emulator = undefined;

    emulator = await startChildEmulator(args);
    const restartReadyMs = await firstCorrectAnswer(emulator, auth, query, before.text);
    // The job's end on this process's clock: both read the same wall clock (the emulator's runs with no offset).
    const endedAt = Date.parse(counts.endTimeUTC!) - performance.timeOrigin;
    const split = (samples: Sample[]) => ({ during: samples.filter((s) => s.sentAt < endedAt), after: samples.filter((s) => s.sentAt >= endedAt) });
    return {
      processingMs,
      seenCompletedMs: completedAt - processingStarted,
      uploadMs: processingStarted - uploadStarted,
      peakRss,
      status: split(statusSamples),
      reads: split(readSamples),
      restartListeningMs: emulator.listeningAfterMs,
      restartReadyMs,
    };
  } finally {
    await emulator?.stop();
  }
}

/**
 * Milliseconds from the spawn to the first answer equal to `expected`, asking again until then (an emulator that
 * listens before its state is loaded may answer otherwise first). The token from before the stop is used, so no
 * token request sits in the measurement; a refused token is replaced.
 */
async function firstCorrectAnswer(emulator: ChildEmulator, auth: Record<string, string>, query: string, expected: string): Promise<number> {
  const agent = new Agent({ keepAlive: true });
  let headers = auth;
  let last = '';
  try {
    while (performance.now() - emulator.spawnedAt < RESTART_TIMEOUT_MS) {
      const res = await send(agent, emulator.url, 'POST', AVAILABILITY, headers, query);
      if (res.status === 200 && res.text === expected) return performance.now() - emulator.spawnedAt;
      if (res.status === 401) headers = { authorization: `Bearer ${await integrationToken(emulator.url, ['sfcc.inventory.availability'])}` };
      else await sleep(10);
      last = `${res.status}: ${res.text.slice(0, 300)}`;
    }
  } finally {
    agent.destroy();
  }
  throw new Error(`after the restart no correct answer within ${RESTART_TIMEOUT_MS} ms; last answer ${last}`);
}
