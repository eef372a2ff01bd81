import type { Response, Test } from 'supertest';
import { expect } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import { integration, startEmulator, TENANT, tokenFor, type Running } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { BM } from './helpers.js';

// The OCI Integration page as the modes' tests reach it: a Business Manager sign-in (b2cWorld() or a fresh emulator),
// the switch and the page, the journal's B2C events, and the checks every switch or refusal makes.

/** The BM sign-in is the integration client's Account Manager token: a switch is by that client. */
export const BY = integration.id;
export const LABELS = { B2C: 'Commerce Platform Inventory', OCI_CACHE: 'OCI Cache Enabled', OCI: 'Omnichannel Inventory' } as const;
export type Mode = keyof typeof LABELS;
export const PAIRED = ['STORE-BOS', 'STORE-DEN', 'US-ONLINE'];

/** What the tests need of a world: b2cWorld() or a fresh emulator with its own sign-in. */
export interface Bm {
  readonly run: Running;
  page(name: string): Test;
  action(name: string, body: unknown): Test;
}

export async function fresh(options: Parameters<typeof startEmulator>[0]): Promise<Bm> {
  const run = await startEmulator(options);
  const am = await tokenFor(run.http);
  return { run, page: (name) => run.http.get(`${BM}/${name}`).set('Authorization', `Bearer ${am}`), action: (name, body) => run.http.post(`${BM}/${name}`).set('Authorization', `Bearer ${am}`).send(body as object) };
}

export const setMode = (w: Bm, mode: unknown) => w.action('OCIIntegration-SetMode', { mode });

/** Into Omnichannel Inventory mode the documented way: OCI Cache Enabled, the cache caught up, then OCI. */
export async function enterOci(w: Bm): Promise<void> {
  expect((await setMode(w, 'OCI_CACHE')).status).toBe(200);
  await catchUp(w.run.emulator);
  expect((await setMode(w, 'OCI')).status).toBe(200);
}
export const show = async (w: Bm) => (await w.page('OCIIntegration-Show')).body;
export const codes = (body: { warnings: { code: string }[] }) => body.warnings.map((x) => x.code);
/** The frozen clock's time as B2C writes it (catchUp moves it on by a few polls). */
export const nowIso = (w: Bm) => new Date(w.run.emulator.clock.now()).toISOString();
export const events = (w: Bm, type = 'b2c.*') => w.run.emulator.journal.query({ kind: 'event', type, limit: 100_000 }) as EventEntry[];
export const lastModeEvent = (w: Bm) => events(w, 'b2c.mode.*').at(-1)!;

/** Sends a request that must change nothing: the page (mode, history, cap, zone, cache) and the B2C events stay. */
export async function changesNothing(w: Bm, send: () => Test): Promise<Response> {
  const [page, journal] = [await show(w), events(w).length];
  const res = await send();
  expect(await show(w)).toEqual(page);
  expect(events(w)).toHaveLength(journal);
  return res;
}

/** A refused switch: 409 in the BM dialect naming the missing step, and nothing changed. */
export async function expectRefused(w: Bm, from: Mode, to: Mode, step: string): Promise<void> {
  const res = await changesNothing(w, () => setMode(w, to));
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ error: 'MODE_TRANSITION_REFUSED', details: { from, to } });
  expect(res.body.message).toContain(`step ${step}`);
  expect((await show(w)).mode.value).toBe(from);
}

/** An allowed switch: the answer is the page in the new mode with the change; history and journal record it. */
export async function expectSwitched(w: Bm, from: Mode, to: Mode, switchTo: Mode[]) {
  const at = nowIso(w);
  const res = await setMode(w, to);
  expect(res.status).toBe(200);
  const change = { from, to, at, by: BY };
  expect(res.body).toMatchObject({ mode: { value: to, label: LABELS[to] }, switchTo: switchTo.map((m) => ({ value: m, label: LABELS[m] })), change });
  expect(res.body.history.at(-1)).toEqual(change);
  const event = lastModeEvent(w);
  expect(event).toMatchObject({ type: `b2c.mode.${to.toLowerCase()}`, tenant: TENANT, data: { ...change, warnings: expect.any(Array) } });
  expect(event.data).not.toHaveProperty('violation');
  return { res, event };
}
