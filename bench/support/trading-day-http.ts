import type { Agent } from 'node:http';
import type { ImpexClient } from '../../emulator/cli/impex-client.js';
import type { OversellView } from '../../emulator/oversell/accounting/views.js';
import { send, sleep } from './json-client.js';
import { emptyResult, outcomeOf, replayDay, tally, type RunResult } from './trading-day-replay.js';
import { LOCATIONS, SKUS, type Batch, type Day, type Facts } from './trading-day-stream.js';

// The trading-day bench's emulator run (bench/suites/trading-day.ts), as a client does it: it learns the world from
// the admin API, sends every event over HTTP, imports the shelves through the public impex API and reads the
// oversell report back, the emulator's clock moved through the admin API in between.

const ADMIN = '/__emulator';

// ── the world, as a client reads it ─────────────────────────────────────────────────────────────────────────────

export async function readWorld(agent: Agent, url: string): Promise<Facts> {
  const res = await send(agent, url, 'GET', `${ADMIN}/world`, {});
  if (res.status !== 200) throw new Error(`GET ${ADMIN}/world answered ${res.status}: ${res.text.slice(0, 300)}`);
  const w = JSON.parse(res.text) as {
    tenantGroups: { id: string; locations: string[]; skuCount: number; sampleSkus: string[] }[];
    b2cInstances: { id: string }[];
    credentials: { purpose: string; clientId: string; clientSecret: string }[];
  };
  const tg = w.tenantGroups[0]!;
  const oci = w.credentials.find((c) => c.purpose.startsWith('OCI Commerce APIs'));
  if (!oci) throw new Error('the world document names no OCI Commerce API client');
  // SKU ids are a prefix and a zero-padded number (the samples show both).
  const sample = /^(.*-)(\d+)$/.exec(tg.sampleSkus[0] ?? '');
  if (!sample) throw new Error(`cannot tell the SKU ids from the sample ${tg.sampleSkus[0]}`);
  const skus = Array.from({ length: tg.skuCount }, (_, i) => `${sample[1]}${String(i + 1).padStart(sample[2]!.length, '0')}`);
  for (const s of tg.sampleSkus) if (!skus.includes(s)) throw new Error(`sample SKU ${s} is not among the SKU ids derived from ${tg.sampleSkus[0]}`);
  if (tg.locations.length !== LOCATIONS || skus.length !== SKUS) throw new Error(`the world has ${tg.locations.length} locations and ${skus.length} SKUs`);
  return { tenantGroupId: tg.id, instanceId: w.b2cInstances[0]!.id, locations: [...tg.locations], skus, client: { id: oci.clientId, secret: oci.clientSecret } };
}

export function tokenRequest(facts: Facts) {
  return { clientId: facts.client.id, clientSecret: facts.client.secret, instance: facts.instanceId, scopes: ['sfcc.inventory.impex-inventory.rw'] };
}

// ── the run ─────────────────────────────────────────────────────────────────────────────────────────────────────

export async function httpRun(day: Day, url: string, agent: Agent, client: ImpexClient): Promise<RunResult> {
  const r = emptyResult();
  const tg = day.facts.tenantGroupId;
  const post = async (path: string, body: string) => {
    const res = await send(agent, url, 'POST', path, {}, body);
    if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${res.text.slice(0, 500)}`);
    return res.text;
  };
  const apply = async (b: Batch) => {
    const outcome = JSON.parse(await post(`${ADMIN}/physical/${b.kind}`, b.body)) as { applied: number; refused: unknown[] };
    tally(r, b.kind, outcome.applied, outcome.refused.length);
  };
  const advance = (by: number, settle: boolean) => post(`${ADMIN}/clock/advance`, JSON.stringify({ by, settle }));

  return replayDay(day, r, {
    label: 'HTTP',
    name: 'HTTP run',
    async apply(batches) {
      for (const b of batches) await apply(b);
    },
    // The import of the shelf as it stands at the top of the hour.
    async importHour(h, hour) {
      const step = stepper(r.importSteps);
      // Tokens live 30 minutes on the emulator's clock, which moves an hour between imports: a new one each time.
      if (h > 0) await client.requestToken(tokenRequest(day.facts));
      step('token');
      const job = await client.initiate(tg, { fileName: `shelves-${h}.ndjson`, linkDuration: 60 });
      step('initiate');
      await client.upload(job.uploadLink, { path: hour.file, fileName: `shelves-${h}.ndjson`, size: hour.fileBytes }, () => undefined);
      step('upload');
      await advance(0, true);
      step('run (clock advance 0, settle)');
      let status = await client.status(job.importStatusLink);
      for (const until = performance.now() + 60_000; ['WAITING', 'PENDING', 'RUNNING'].includes(status.status) && performance.now() < until; ) {
        await sleep(2);
        await advance(0, true);
        status = await client.status(job.importStatusLink);
      }
      step('status');
      if (status.status !== 'COMPLETED') throw new Error(`the import of hour ${h} ended ${status.status}: ${JSON.stringify(status).slice(0, 500)}`);
      return status.import?.recordsProcessedCount ?? 0;
    },
    advance: (by) => advance(by, false),
    async report() {
      const res = await send(agent, url, 'GET', `${ADMIN}/oversell?limit=1`, {});
      if (res.status !== 200) throw new Error(`GET ${ADMIN}/oversell answered ${res.status}: ${res.text.slice(0, 500)}`);
      r.reportBytes = Buffer.byteLength(res.text);
      return outcomeOf(JSON.parse(res.text) as OversellView);
    },
  });
}

/** Adds the time since the last call (or since it was made) to `steps[name]`. */
function stepper(steps: Record<string, number>): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    steps[name] = (steps[name] ?? 0) + now - last;
    last = now;
  };
}
