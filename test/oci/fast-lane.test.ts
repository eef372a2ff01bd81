import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import type { RequestEntry } from '../../emulator/core/journal.js';
import { DEMO } from '../../fixtures/index.js';
import { FROZEN_START, TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { AVAILABILITY, RESERVATION } from './reservations/helpers.js';

// The hot OCI routes (reservations; get-availability, batch-update, get-deltas) run on the fast lane
// (core/http/fast-lane.ts) when a request reaches the emulator's listener, and through Express when the same app
// is served without it. Both must give the same answers, the same journal and the same state: the same script
// runs against two identical emulators, one through each, and everything but the wall-clock bits (Date,
// durations) has to match.

const SKUS = ['SKU-A', 'SKU-B'];
const options = { clock: { mode: 'frozen' as const, start: FROZEN_START }, seed: 1, fixtures: 'demo' as const, bodyLimitBytes: 8192, reservations: { expiryLagMs: 0 } };

interface Side {
  emulator: Emulator;
  http: ReturnType<typeof supertest>;
  token: string;
  readOnly: string;
}

let lane: Side;
let express: Side;

async function side(listen: boolean): Promise<Side> {
  const emulator = await createEmulator(options);
  const http = listen ? supertest((await emulator.listen(0, '127.0.0.1')).url) : supertest(emulator.app);
  const oci = emulator.services.oci!.domain;
  for (const location of DEMO.locations) for (const sku of SKUS) oci.updates.write(TENANT_GROUP, location, sku, { onHand: 5, safetyStockCount: 0, futures: [] }, true, 'location_replace');
  return {
    emulator,
    http,
    token: await tokenFor(http),
    readOnly: await tokenFor(http, `SALESFORCE_COMMERCE_API:${TENANT} sfcc.inventory.reservations`),
  };
}

beforeAll(async () => {
  [lane, express] = await Promise.all([side(true), side(false)]);
});
afterAll(async () => {
  await Promise.all([lane.emulator.close(), express.emulator.close()]);
});

interface Step {
  /** What both sides must answer. */
  status: number;
  what: string;
  method: 'put' | 'patch' | 'post';
  path: string;
  /** The body, or how to build it from this side's earlier answers (a delta token, say). */
  body?: unknown | ((earlier: Answer[]) => unknown);
  raw?: string;
  contentType?: string;
  auth?: 'token' | 'none' | 'garbage' | 'read-only';
}

const ACTIONS = `${AVAILABILITY}/availability-records/actions`;
const doc = (id: string) => `${RESERVATION}/reservation-documents/${id}`;
const groupBody = { allowPartialReservations: false, groups: [{ id: 'US-ONLINE', reservations: SKUS.map((sku) => ({ sku, quantity: 2 })) }] };
const SCRIPT: Step[] = [
  { status: 200, what: 'a group reservation', method: 'put', path: doc('basket-1'), body: groupBody },
  { status: 200, what: 'the same again', method: 'put', path: doc('basket-1'), body: groupBody },
  { status: 409, what: 'another body under the same id', method: 'put', path: doc('basket-1'), body: { locations: [{ id: 'WH-EAST', reservations: [{ sku: 'SKU-A', quantity: 1 }] }] } },
  { status: 200, what: 'a location reservation with an escaped id', method: 'put', path: doc('basket%202'), body: { locations: [{ id: 'WH-EAST', reservations: [{ sku: 'SKU-A', quantity: 1 }] }] } },
  { status: 200, what: 'more than there is, partial not allowed', method: 'put', path: doc('basket-3'), body: { allowPartialReservations: false, locations: [{ id: 'WH-EAST', reservations: [{ sku: 'SKU-B', quantity: 99 }] }] } },
  { status: 400, what: 'an unknown place', method: 'put', path: doc('basket-4'), body: { locations: [{ id: 'NOWHERE', reservations: [{ sku: 'SKU-A', quantity: 1 }] }] } },
  { status: 400, what: 'a negative quantity', method: 'put', path: doc('basket-5'), body: { locations: [{ id: 'WH-EAST', reservations: [{ sku: 'SKU-A', quantity: -1 }] }] } },
  { status: 400, what: 'malformed JSON', method: 'put', path: doc('basket-6'), raw: '{"locations": [', contentType: 'application/json' },
  { status: 415, what: 'a form body', method: 'put', path: doc('basket-7'), raw: 'a=1', contentType: 'application/x-www-form-urlencoded' },
  { status: 413, what: 'a body over the limit', method: 'put', path: doc('basket-8'), body: { pad: 'x'.repeat(9000) } },
  { status: 401, what: 'no token', method: 'put', path: doc('basket-9'), body: groupBody, auth: 'none' },
  { status: 401, what: 'a garbage token', method: 'put', path: doc('basket-9'), body: groupBody, auth: 'garbage' },
  { status: 403, what: 'the read-only scope', method: 'put', path: doc('basket-9'), body: groupBody, auth: 'read-only' },
  { status: 403, what: 'a tenant group that is not provisioned', method: 'put', path: doc('basket-9').replace(TENANT_GROUP, 'unknown-group'), body: groupBody },
  { status: 200, what: 'a trailing slash (Express only)', method: 'put', path: `${doc('basket-10')}/`, body: groupBody },
  { status: 204, what: 'a release', method: 'post', path: `${RESERVATION}/releases`, body: { records: [{ id: 'rel-1', group: 'US-ONLINE', sku: 'SKU-A', quantity: 1 }] } },
  { status: 200, what: 'a release of more than is held', method: 'post', path: `${RESERVATION}/releases`, body: { records: [{ id: 'rel-2', location: 'WH-WEST', sku: 'SKU-B', quantity: 50 }] } },
  { status: 204, what: 'a transfer', method: 'post', path: `${RESERVATION}/transfers`, body: { records: [{ id: 'tr-1', from: { group: 'US-ONLINE' }, to: { location: 'WH-EAST' }, sku: 'SKU-B', quantity: 1 }] } },
  { status: 204, what: 'a fulfillment', method: 'post', path: `${RESERVATION}/fulfillments`, body: { records: [{ id: 'ful-1', location: 'WH-EAST', sku: 'SKU-B', quantity: 1 }] } },
  { status: 204, what: 'a cancel', method: 'patch', path: doc('basket-1'), body: { status: 'CANCELLED' } },
  { status: 409, what: 'the cancel again', method: 'patch', path: doc('basket-1'), body: { status: 'CANCELLED' } },
  { status: 404, what: 'a cancel of an unknown id', method: 'patch', path: doc('nobody'), body: { status: 'CANCELLED' } },
  { status: 400, what: 'a cancel with a wrong status', method: 'patch', path: doc('basket 2'), body: { status: 'OPEN' } },
  { status: 200, what: 'availability at a group and a location', method: 'post', path: `${ACTIONS}/get-availability`, body: { skus: SKUS, groups: ['US-ONLINE'], locations: ['WH-EAST'] } },
  { status: 200, what: 'the same availability again (cached answer)', method: 'post', path: `${ACTIONS}/get-availability`, body: { skus: SKUS, groups: ['US-ONLINE'], locations: ['WH-EAST'] } },
  { status: 400, what: 'availability with a wrong type', method: 'post', path: `${ACTIONS}/get-availability`, body: { skus: 'SKU-A' } },
  { status: 403, what: 'availability with the reservations scope only', method: 'post', path: `${ACTIONS}/get-availability`, body: { skus: SKUS, locations: ['WH-EAST'] }, auth: 'read-only' },
  { status: 200, what: 'a delta token (Express only)', method: 'post', path: `${AVAILABILITY}/availability-records/delta-token`, body: { placeType: 'location', places: ['WH-EAST'] } },
  { status: 204, what: 'a batch update', method: 'post', path: `${ACTIONS}/batch-update`, body: { records: [{ id: 'bu-1', location: 'WH-EAST', sku: 'SKU-A', onHand: 40 }] } },
  { status: 400, what: 'a batch update naming an unknown location', method: 'post', path: `${ACTIONS}/batch-update`, body: { records: [{ id: 'bu-2', location: 'NOWHERE', sku: 'SKU-A', onHand: 1 }] } },
  { status: 400, what: 'a batch update of too many records', method: 'post', path: `${ACTIONS}/batch-update`, body: { records: Array.from({ length: 101 }, (_, i) => ({ id: `x${i}`, location: 'WH-EAST', sku: 'SKU-A', onHand: 1 })) } },
  { status: 200, what: 'the deltas since the token', method: 'post', path: `${ACTIONS}/get-deltas`, body: (earlier: Answer[]) => ({ deltaToken: JSON.parse(earlier[SCRIPT.findIndex((s) => s.what.startsWith('a delta token'))]!.body).deltaToken }) },
  { status: 400, what: 'deltas for a garbage token', method: 'post', path: `${ACTIONS}/get-deltas`, body: { deltaToken: 'garbage' } },
];

interface Answer {
  status: number;
  headers: [string, unknown][];
  body: string;
}

async function play(s: Side, step: Step, index: number, earlier: Answer[]): Promise<Answer> {
  const auth = { token: `Bearer ${s.token}`, none: undefined, garbage: 'Bearer x.y.z', 'read-only': `Bearer ${s.readOnly}` }[step.auth ?? 'token'];
  let req = s.http[step.method](step.path).set('Correlation-ID', `step-${index}`);
  if (auth) req = req.set('Authorization', auth);
  if (step.contentType) req = req.set('Content-Type', step.contentType);
  const body = typeof step.body === 'function' ? step.body(earlier) : step.body;
  const res = await (step.raw !== undefined ? req.send(step.raw) : req.send(body as object));
  const headers = Object.entries(res.headers)
    .filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name))
    .sort(([a], [b]) => a.localeCompare(b));
  return { status: res.status, headers, body: res.text };
}

describe('hot OCI routes on the fast lane and through Express', () => {
  const answers: { lane: Answer; express: Answer }[] = [];

  beforeAll(async () => {
    for (const [index, step] of SCRIPT.entries()) {
      answers.push({ lane: await play(lane, step, index, answers.map((a) => a.lane)), express: await play(express, step, index, answers.map((a) => a.express)) });
    }
  });

  it.each(SCRIPT.map((step, index) => [step.what, index] as const))('%s: the same status, headers and body', (_what, index) => {
    const { lane: viaLane, express: viaExpress } = answers[index]!;
    expect(viaLane).toEqual(viaExpress);
    expect(viaLane.status).toBeLessThan(500);
  });

  it('answers each step as the script expects (so the comparison covers successes and failures alike)', () => {
    expect(answers.map((a) => a.lane.status)).toEqual(SCRIPT.map((step) => step.status));
  });

  it('the lane served every exact match of its routes and handed each failure to Express; the Express-only side never used it', () => {
    const onLane = (step: Step) => !step.what.includes('(Express only)');
    const exact = SCRIPT.filter(onLane).length;
    const failed = answers.filter((a, i) => onLane(SCRIPT[i]!) && a.lane.status >= 400).length;
    expect(lane.emulator.lane.counts).toEqual({ served: exact, handedOff: failed });
    expect(express.emulator.lane.counts).toEqual({ served: 0, handedOff: 0 });
  });

  it('journals the same requests, and leaves the same documents and figures behind', () => {
    const requests = (s: Side) =>
      s.emulator.journal
        .query({ kind: 'request' })
        .map((e) => e as RequestEntry)
        .filter((e) => e.api === 'oci')
        .map(({ method, path, status, api, tenant, client, correlationId, note }) => ({ method, path, status, api, tenant, client, correlationId, note }));
    expect(requests(lane)).toHaveLength(SCRIPT.length);
    expect(requests(lane)).toEqual(requests(express));
    const state = (s: Side) => ({
      documents: s.emulator.services.oci!.domain.reservations.documents(TENANT_GROUP),
      records: DEMO.locations.flatMap((l) => SKUS.map((sku) => s.emulator.services.oci!.domain.tenants.record(TENANT_GROUP, l, sku))),
      events: s.emulator.journal.query({ kind: 'event' }).map(({ seq: _seq, time: _time, ...rest }) => rest),
    });
    expect(state(lane)).toEqual(state(express));
  });
});

describe('the fast lane with --durable', () => {
  const dir = join(tmpdir(), `oci-lane-durable-${process.pid}`);
  const file = join(dir, 'state.json');
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('acknowledges a reservation only once it is on disk', async () => {
    const emulator = await createEmulator({ ...options, store: { file, durable: true, flushDelayMs: 60_000 } });
    try {
      const http = supertest((await emulator.listen(0, '127.0.0.1')).url);
      const token = await tokenFor(http);
      const res = await http.put(doc('durable-basket')).set('Authorization', `Bearer ${token}`).send({ locations: [{ id: 'WH-EAST', reservations: [{ sku: 'SKU-0001', quantity: 1 }] }] });
      expect(res.status, res.text).toBe(200);
      expect(emulator.lane.counts.served).toBe(1);
      // The reservations namespace is journaled: its image and log files hold the document's JSON.
      const files = (await readdir(join(dir, 'state.d'))).filter((f) => f.startsWith(`oci-reservations.${TENANT_GROUP}.`));
      const written = (await Promise.all(files.map((f) => readFile(join(dir, 'state.d', f), 'latin1')))).join('');
      expect(written).toContain('"durable-basket"');
    } finally {
      await emulator.close();
    }
  });
});
