import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/index.js';
import { FROZEN_START, TENANT_GROUP } from '../helpers/emulator.js';
import { tempFolders } from '../helpers/temp.js';
import { orgToken } from '../salesforce-org/helpers.js';
import { ACTIONS, startOci, type OciRun } from './helpers.js';

// The injectable OCI outage (emulator/oci/outage/, docs/faults.md): windows on the virtual clock, set on the
// control plane, met by every OCI route (Express and the fast lane, the Commerce API and the org's Connect face)
// before auth, and offered to other products as services.oci.outage.

const FAULTS = '/__emulator/faults/oci';
const RESERVATION = `/inventory/reservation/v1/organizations/${TENANT_GROUP}`;
const AVAILABILITY_BODY = { skus: ['SKU-0001'], groups: ['US-ONLINE'] };
const temp = tempFolders('oci-emu-outage');

let run: OciRun;
let org: string;
let docs = 0;
beforeAll(async () => {
  run = await startOci('demo');
  org = await orgToken(run);
});
afterEach(async () => {
  await run.http.delete(FAULTS);
});
afterAll(async () => {
  await run.close();
  temp.cleanup();
});

const schedule = (body: unknown) => run.http.post(FAULTS).send(body as object);
const view = async () => (await run.http.get(FAULTS)).body as { now: string; active: Record<string, unknown> | null; windows: Record<string, unknown>[] };
const advance = async (by: string) => {
  expect((await run.http.post('/__emulator/clock/advance').send({ by })).status).toBe(200);
  await run.refreshToken();
};
const at = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const available = () => run.available(AVAILABILITY_BODY);
/** A reservation document: a fast-lane route (PUT …/reservation-documents/:id). */
const reserve = (http = run.http) =>
  http
    .put(`${RESERVATION}/reservation-documents/outage-doc-${++docs}`)
    .set('Authorization', `Bearer ${run.token}`)
    .send({ expirationSeconds: 600, groups: [{ id: 'US-ONLINE', reservations: [{ sku: 'SKU-0001', quantity: 1 }] }] });

describe('the schedule on the control plane', () => {
  it('adds a window (201) and shows it, active, with the virtual clock’s now; the journal says so', async () => {
    const created = await schedule({ kind: 'down' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^outage-\d+$/), kind: 'down', from: FROZEN_START, until: null, state: 'active' });
    const shown = await view();
    expect(shown.now).toBe(FROZEN_START);
    expect(shown.active).toEqual({ id: created.body.id, kind: 'down', from: FROZEN_START, until: null });
    expect(shown.windows.at(-1)).toEqual(created.body);
    expect(run.emulator.services.oci!.outage.current()).toMatchObject({ kind: 'down' });
    const journal = await run.http.get('/__emulator/journal').query({ kind: 'event', type: 'oci.outage.scheduled' });
    expect(journal.body.entries.at(-1).data).toMatchObject({ id: created.body.id, kind: 'down', from: FROZEN_START, until: null });
  });

  it('defaults delayMs to 3000 (slow) and retryAfterSeconds to 30 (throttle); of overlapping windows the harshest is current', async () => {
    expect((await schedule({ kind: 'slow' })).body).toMatchObject({ kind: 'slow', delayMs: 3000 });
    expect(run.emulator.services.oci!.outage.current()).toMatchObject({ kind: 'slow', delayMs: 3000 });
    expect((await schedule({ kind: 'throttle' })).body).toMatchObject({ kind: 'throttle', retryAfterSeconds: 30 });
    expect((await view()).active).toMatchObject({ kind: 'throttle', retryAfterSeconds: 30 });
    await schedule({ kind: 'down' });
    expect(run.emulator.services.oci!.outage.current()).toMatchObject({ kind: 'down' });
  });

  it.each([
    ['a kind it does not know', { kind: 'broken' }, /kind/],
    ['no kind', {}, /kind/],
    ['until before from', { kind: 'down', from: '2026-03-02T10:00:00Z', until: '2026-03-02T09:30:00Z' }, /until: must be after from/],
    ['until equal to from', { kind: 'down', from: '2026-03-02T10:00:00Z', until: '2026-03-02T10:00:00Z' }, /until: must be after from/],
    ['until before now (from left out)', { kind: 'down', until: '2026-03-01T00:00:00Z' }, /until: must be after from/],
    ['both until and durationSeconds', { kind: 'down', until: '2026-03-02T10:00:00Z', durationSeconds: 60 }, /either until or durationSeconds/],
    ['delayMs on a down window', { kind: 'down', delayMs: 100 }, /delayMs: only a slow window/],
    ['retryAfterSeconds on a slow window', { kind: 'slow', retryAfterSeconds: 5 }, /retryAfterSeconds: only a throttle window/],
    ['a delay beyond a minute', { kind: 'slow', delayMs: 60_001 }, /delayMs/],
    ['a fractional delay', { kind: 'slow', delayMs: 1.5 }, /delayMs/],
    ['Retry-After of 0', { kind: 'throttle', retryAfterSeconds: 0 }, /retryAfterSeconds/],
    ['a negative duration', { kind: 'down', durationSeconds: -1 }, /durationSeconds/],
    ['a from that is not a date-time', { kind: 'down', from: 'tomorrow' }, /from: must be an RFC 3339 date-time/],
    ['an impossible date', { kind: 'down', from: '2026-02-30T10:00:00Z' }, /from: must be an RFC 3339/],
    ['a local time without an offset', { kind: 'down', until: '2026-03-02T10:00:00' }, /until: must be an RFC 3339/],
    ['epoch milliseconds', { kind: 'down', from: 1_772_442_000_000 }, /from/],
    ['a field it does not know', { kind: 'down', extra: true }, /extra/],
    ['a body that is not an object', ['down'], /body/],
  ])('refuses %s: 400 in the control plane’s dialect', async (_what, body, message) => {
    const res = await schedule(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ error: 'ValidationFailed', message: expect.stringMatching(message) });
    expect((await view()).windows.filter((w) => w.state !== 'ended')).toEqual([]);
  });

  it('answers 405 with Allow on other methods', async () => {
    const res = await run.http.put(FAULTS).send({ kind: 'down' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST, DELETE');
    expect(res.body).toMatchObject({ error: 'MethodNotAllowed' });
  });

  it('needs the admin token when one is set', async () => {
    const guarded = await createEmulator({ clock: { mode: 'frozen', start: FROZEN_START }, fixtures: 'demo', adminToken: 'admin-secret-123' });
    try {
      const http = supertest(guarded.app);
      expect((await http.post(FAULTS).send({ kind: 'down' })).status).toBe(401);
      expect(guarded.services.oci!.outage.current()).toBeUndefined();
      expect((await http.post(FAULTS).set('Authorization', 'Bearer admin-secret-123').send({ kind: 'down' })).status).toBe(201);
    } finally {
      await guarded.close();
    }
  });
});

describe('OCI during a fault', () => {
  it('down: get-availability and a reservation (fast lane, and Express) answer 503 in OCI’s dialect, before auth', async () => {
    expect((await available()).status).toBe(200);
    await schedule({ kind: 'down' });
    const refused = await available();
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toEqual({ type: 'about:blank', errorCode: 'ServiceUnavailable', message: 'Omnichannel Inventory is unavailable.' });
    expect(refused.headers['x-emulator-explain']).toMatch(/outage fault \(down\)/);

    const lane = { ...run.emulator.lane.counts };
    const onLane = await reserve();
    expect(run.emulator.lane.counts.served).toBe(lane.served + 1);
    expect(onLane.status).toBe(503);
    expect(onLane.body).toMatchObject({ errorCode: 'ServiceUnavailable' });
    const onExpress = await reserve(supertest(run.emulator.app));
    expect(onExpress.status).toBe(503);
    expect(onExpress.text).toBe(onLane.text);

    const noToken = await run.http.post(`${ACTIONS}/get-availability`).send(AVAILABILITY_BODY);
    expect(noToken.status).toBe(503);
    const deltaToken = await run.post(`/inventory/availability/v1/organizations/${TENANT_GROUP}/availability-records/actions/get-deltas`, { deltaToken: 'x' });
    expect(deltaToken.status).toBe(503);
  });

  it('down: the org’s Connect resources answer 503 in Salesforce REST’s words', async () => {
    await schedule({ kind: 'down' });
    const res = await run.http
      .post('/services/data/v62.0/commerce/oci/availability/availability-records/actions/get-availability')
      .set('Authorization', `Bearer ${org}`)
      .send({ locationGroupIdentifiers: ['US-ONLINE'], stockKeepingUnits: ['SKU-0001'] });
    expect(res.status).toBe(503);
    expect(res.body).toEqual([{ errorCode: 'SERVER_UNAVAILABLE', message: 'Omnichannel Inventory is unavailable.' }]);
  });

  it('throttle: 429 with Retry-After in OCI’s dialect (and Connect’s)', async () => {
    await schedule({ kind: 'throttle', retryAfterSeconds: 7 });
    const res = await available();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'TooManyRequests' });
    const lane = await reserve();
    expect([lane.status, lane.headers['retry-after']]).toEqual([429, '7']);
    const connect = await run.http
      .post('/services/data/v62.0/commerce/oci/reservation/actions/reservations')
      .set('Authorization', `Bearer ${org}`)
      .send({});
    expect([connect.status, connect.headers['retry-after'], connect.body[0].errorCode]).toEqual([429, '7', 'REQUEST_LIMIT_EXCEEDED']);
  });

  it('slow: the request goes through after a real delay', async () => {
    await schedule({ kind: 'slow', delayMs: 50 });
    for (const send of [available, () => reserve()]) {
      const started = performance.now();
      const res = await send();
      expect(res.status).toBeLessThan(300);
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    }
    await run.http.delete(FAULTS);
    const started = performance.now();
    expect((await available()).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(45);
  });
});

describe('windows on the virtual clock', () => {
  it('a window in the future is not active until the clock passes its start; listeners hear it start', async () => {
    const { now } = await view();
    const heard: (string | undefined)[] = [];
    const stop = run.emulator.services.oci!.outage.onChange(() => heard.push(run.emulator.services.oci!.outage.current()?.kind));
    try {
      const created = await schedule({ kind: 'down', from: at(now, 3_600_000) });
      expect(created.body).toMatchObject({ state: 'scheduled', from: at(now, 3_600_000) });
      expect((await view()).active).toBeNull();
      expect((await available()).status).toBe(200);
      await advance('PT59M');
      expect((await available()).status).toBe(200);
      heard.length = 0;
      await advance('PT1M');
      expect(heard).toEqual(['down']);
      expect((await available()).status).toBe(503);
    } finally {
      stop();
    }
  });

  it('until and durationSeconds end a window when the clock passes them', async () => {
    const { now } = await view();
    await schedule({ kind: 'down', until: at(now, 5 * 60_000) });
    await schedule({ kind: 'throttle', durationSeconds: 600 });
    expect((await available()).status).toBe(503);
    await advance('PT5M');
    expect((await available()).status).toBe(429);
    expect(run.emulator.services.oci!.outage.current()).toMatchObject({ kind: 'throttle', until: Date.parse(now) + 600_000 });
    await advance('PT5M');
    expect((await available()).status).toBe(200);
    expect(run.emulator.services.oci!.outage.current()).toBeUndefined();
    expect((await view()).windows.slice(-2).map((w) => w.state)).toEqual(['ended', 'ended']);
  });

  it('DELETE recovers at once: active windows end now, future ones are dropped', async () => {
    const { now } = await view();
    const active = (await schedule({ kind: 'down' })).body;
    const future = (await schedule({ kind: 'slow', from: at(now, 60_000) })).body;
    expect((await available()).status).toBe(503);
    const cleared = await run.http.delete(FAULTS);
    expect(cleared.status).toBe(200);
    expect(cleared.body.active).toBeNull();
    expect(cleared.body.windows.find((w: { id: string }) => w.id === active.id)).toMatchObject({ until: now, state: 'ended' });
    expect(cleared.body.windows.find((w: { id: string }) => w.id === future.id)).toBeUndefined();
    expect((await available()).status).toBe(200);
    expect(run.emulator.services.oci!.outage.current()).toBeUndefined();
  });
});

describe('the schedule is state', () => {
  it('survives a restart of a file-backed emulator', async () => {
    const file = temp.file();
    const options = { store: { file }, fixtures: 'demo' as const, clock: { mode: 'frozen' as const, start: FROZEN_START } };
    const first = await createEmulator(options);
    expect((await supertest(first.app).post(FAULTS).send({ kind: 'throttle', retryAfterSeconds: 12 })).status).toBe(201);
    await first.close();
    const second = await createEmulator(options);
    try {
      expect(second.services.oci!.outage.current()).toMatchObject({ kind: 'throttle', retryAfterSeconds: 12 });
      expect((await supertest(second.app).get(FAULTS)).body.active).toMatchObject({ kind: 'throttle', retryAfterSeconds: 12 });
    } finally {
      await second.close();
    }
  });

  it('a reset clears it', async () => {
    await schedule({ kind: 'down' });
    expect((await run.http.post('/__emulator/reset').send({})).status).toBe(200);
    expect(run.emulator.services.oci!.outage.current()).toBeUndefined();
    await run.refreshToken();
    expect((await available()).status).toBe(200);
  });
});
