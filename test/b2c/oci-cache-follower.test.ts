import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../emulator/core/clock.js';
import { AppError } from '../../emulator/core/errors/app-error.js';
import type { DomainEvent, Journal } from '../../emulator/core/journal.js';
import { Follower, type InstanceFacts } from '../../emulator/b2c/oci-cache/follower.js';
import type { DeltaLine, OciClient } from '../../emulator/b2c/oci-cache/oci-client.js';
import { COMBINED } from '../../emulator/b2c/oci-cache/model.js';
import { StoredCache } from '../../emulator/b2c/oci-cache/stored-cache.js';
import type { ListFacts } from '../../emulator/b2c/oci-cache/streams.js';
import { TIMINGS, type Timing } from '../../emulator/b2c/oci-cache/timing.js';
import { tempFolders } from '../helpers/temp.js';

// The cache's streams without HTTP: the Follower driven turn by turn against a fake OciClient (exports are NDJSON files we write; get-deltas answers are queued),
// a frozen VirtualClock, a journal that only collects events and a real StoredCache.

const temp = tempFolders('oci-cache-follower');
afterAll(temp.cleanup);
const t = (iso: string) => Date.parse(iso);

// --- The Follower against a fake OCI ---------------------------------------------------------------------------

type DeltaAnswer = ReturnType<OciClient['deltas']>;

/** Exports are e1, e2, … in request order; each waits until finish() gives it a file. Deltas answer from a queue. */
class FakeOci implements OciClient {
  readonly exports: { placeType: string; places: string[] }[] = [];
  readonly states = new Map<string, ReturnType<OciClient['exportState']>>();
  readonly deltaAnswers: (DeltaAnswer | Error)[] = [];
  readonly deltaTokens: string[] = [];
  refuse: Error | undefined;

  requestExport(_tg: string, placeType: 'group' | 'location', places: string[]): string {
    if (this.refuse) throw this.refuse;
    this.exports.push({ placeType, places: [...places] });
    const id = `e${this.exports.length}`;
    if (!this.states.has(id)) this.states.set(id, { status: 'waiting' });
    return id;
  }
  exportState(_tg: string, exportId: string) {
    return this.states.get(exportId) ?? { status: 'failed' as const, reason: 'no such export' };
  }
  deltas(_tg: string, token: string): DeltaAnswer {
    this.deltaTokens.push(token);
    const next = this.deltaAnswers.shift();
    if (next instanceof Error) throw next;
    return next ?? { nextDeltaToken: token, shouldQueryAgain: false, records: [] };
  }
  /** The last export completes with a file of these lines. */
  finish(lines: object[], id = `e${this.exports.length}`): void {
    const path = join(temp.dir(), 'export.ndjson');
    writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    this.states.set(id, { status: 'completed', path });
  }
  /** The next export requested completes at once with these lines. */
  finishNext(lines: object[]): void {
    this.finish(lines, `e${this.exports.length + 1}`);
  }
}

const rec = (sku: string, onHand: number) => ({ sku, onHand, reserved: 0, atf: onHand, ato: onHand, safetyStockCount: 0, futures: [] });
const delta = (id: string, sku: string, onHand: number, deltaType: DeltaLine['deltaType'] = 'Change'): DeltaLine => ({ ...rec(sku, onHand), id, deltaType });
const loc = (id: string): ListFacts => ({ id, place: 'location', assignedToSite: false });

function harness(options: { lists?: ListFacts[]; cap?: number; timing?: Timing; start?: string } = {}) {
  const clock = new VirtualClock({ mode: 'frozen', start: t(options.start ?? '2026-03-02T09:00:00Z') });
  const events: DomainEvent[] = [];
  const journal = { emit: (e: DomainEvent) => void events.push(e) } as unknown as Journal;
  const oci = new FakeOci();
  const follower = new Follower({ clock, journal, timing: options.timing ?? TIMINGS.fast, oci, signal: new AbortController().signal, wake: () => {} });
  const cache = new StoredCache();
  const facts: InstanceFacts = { instanceId: 'inst', tenantGroupId: 'tg', lists: options.lists ?? [loc('L1')], timeZone: 'Etc/UTC', cap: options.cap ?? 1000 };
  const h = {
    ...{ clock, events, oci, cache, facts },
    stream: (id = COMBINED) => cache.streams.get(id)!,
    /** One turn (answers how soon the next is due, 0: more deltas waiting), then wait for any export being read. */
    async turn(): Promise<number> {
      const more = follower.turn(cache, facts, () => true);
      await follower.idle();
      return more;
    },
    /** Full import of whatever the next turn asks for: request, then read this file. */
    async importing(lines: object[]): Promise<void> {
      await h.turn();
      oci.finish(lines);
      await h.turn();
    },
  };
  return h;
}
type Harness = ReturnType<typeof harness>;

describe('Follower', () => {
  it('imports the export, keeps its delta token, then applies Change and Delete deltas of the lists it follows', async () => {
    const h = harness({ lists: [loc('L1'), loc('L2')] });
    await h.importing([{ locationId: 'L1' }, rec('A', 5), rec('B', 1), { locationId: 'L2' }, rec('A', 7), { deltaToken: 't1' }]);
    expect(h.oci.exports).toEqual([{ placeType: 'location', places: ['L1', 'L2'] }]);
    expect(h.stream()).toMatchObject({ status: 'complete', deltaToken: 't1', lists: ['L1', 'L2'] });
    expect(h.cache.count).toBe(3);
    expect(h.events.filter((e) => e.type === 'b2c.cache.complete').map((e) => e.data?.listId)).toEqual(['L1', 'L2']);

    // A page with more waiting makes turn() answer 0 (the next turn comes at once); a place not followed is ignored.
    h.oci.deltaAnswers.push(
      { nextDeltaToken: 't2', shouldQueryAgain: true, records: [delta('L1', 'A', 9), delta('ELSEWHERE', 'A', 1)] },
      { nextDeltaToken: 't3', shouldQueryAgain: true, records: [delta('L1', 'B', 0, 'Delete')] },
      ...Array.from({ length: 2 }, () => ({ nextDeltaToken: 't4', shouldQueryAgain: true, records: [] })),
    );
    await h.clock.advance(250);
    expect(await h.turn()).toBe(0);
    expect(h.oci.deltaTokens).toEqual(['t1', 't2', 't3', 't4']);
    expect(h.cache.get('L1', 'A')).toMatchObject({ onHand: 9, receivedAt: h.clock.now() });
    expect(h.cache.get('L1', 'B')).toBeUndefined();
    expect(h.cache.get('ELSEWHERE', 'A')).toBeUndefined();
    expect(h.stream()).toMatchObject({ deltaToken: 't4', lastDelta: h.clock.now() });
  });

  it('a 410 from get-deltas drops the token and, the import being due at once, requests a new export in the same turn', async () => {
    const h = harness();
    await h.importing([{ locationId: 'L1' }, rec('A', 5), { deltaToken: 't1' }]);
    h.oci.deltaAnswers.push(new AppError(410, 'ExpiredDeltaLink', 'The delta token provided has expired.'));
    await h.clock.advance(250);
    await h.turn();
    expect(h.oci.exports).toHaveLength(2);
    expect(h.stream()).toMatchObject({ status: 'importing', exportId: 'e2', fullImportDue: false });
    expect(h.stream().deltaToken).toBeUndefined();
    // What the cache held stays served until the new import replaces it.
    expect(h.cache.get('L1', 'A')).toMatchObject({ onHand: 5 });
    h.oci.finish([{ locationId: 'L1' }, rec('A', 6), { deltaToken: 't9' }]);
    await h.turn();
    expect(h.stream()).toMatchObject({ status: 'complete', deltaToken: 't9' });
    expect(h.events.at(-1)).toMatchObject({ type: 'b2c.cache.reimported', data: { listId: 'L1' } });
  });

  /** Realistic, Etc/UTC: L1 joins at 00:30 (before the 01:00 cutoff), L2 (if asked) at 01:30; the 02:00 import runs. */
  async function night(lateList: boolean) {
    const h = harness({ timing: TIMINGS.realistic, start: '2026-03-02T00:30:00Z' });
    await h.turn();
    expect(h.stream()).toMatchObject({ status: 'pending', notBefore: t('2026-03-02T02:00:00Z') });
    await h.clock.set(t('2026-03-02T01:30:00Z'));
    if (lateList) h.facts.lists = [loc('L1'), loc('L2')];
    await h.turn();
    await h.clock.set(t('2026-03-02T02:00:00Z'));
    await h.importing([{ locationId: 'L1' }, rec('A', 5), { deltaToken: 't1' }]);
    expect(h.stream().status).toBe('complete');
    return h;
  }

  it('realistic: after a 410 the combined stream waits pending, with the 410 as its reason, for the night window', async () => {
    const h = await night(false);
    await h.clock.set(t('2026-03-02T09:00:00Z'));
    h.oci.deltaAnswers.push(new AppError(410, 'ExpiredDeltaLink', 'expired'));
    await h.turn();
    expect(h.stream()).toMatchObject({ status: 'pending', fullImportDue: true, notBefore: t('2026-03-03T02:00:00Z') });
    expect(h.stream().reason).toMatch(/410/);
    expect(h.stream().deltaToken).toBeUndefined();
    await h.turn();
    expect(h.oci.exports).toHaveLength(1);
    await h.clock.set(t('2026-03-03T02:00:00Z'));
    await h.turn();
    expect(h.oci.exports).toHaveLength(2);
    expect(h.stream().status).toBe('importing');
  });

  it('realistic: the night import takes only the lists that joined before 01:00, once; a later list stays pending', async () => {
    const h = await night(true);
    expect(h.oci.exports).toEqual([{ placeType: 'location', places: ['L1'] }]);
    expect(h.cache.lists.get('L2')).toMatchObject({ stream: COMBINED, joinedAt: t('2026-03-02T01:30:00Z') });
    expect(h.cache.recordsOf('L2')).toBeUndefined();
    // The rest of the window asks for no other export (an earlier version re-imported L1 every few seconds).
    for (let at = t('2026-03-02T02:01:00Z'); at < t('2026-03-02T03:00:00Z'); at += 60_000) {
      await h.clock.set(at);
      await h.turn();
    }
    expect(h.oci.exports).toHaveLength(1);
  });

  // The night import that left L2 out keeps a full import due for the next night window.
  it('realistic: the list left out is imported at the next night window', async () => {
    const h = await night(true);
    await h.clock.set(t('2026-03-03T02:00:00Z'));
    await h.turn();
    expect(h.oci.exports.at(-1)).toEqual({ placeType: 'location', places: ['L1', 'L2'] });
  });

  it('an export whose file is no longer offered (a day of downtime) is asked for again at once, not an error', async () => {
    const h = harness();
    await h.turn();
    h.oci.states.set('e1', { status: 'expired', reason: 'The download link has expired' });
    await h.turn();
    expect(h.stream().status).not.toBe('error');
    expect(h.oci.exports).toHaveLength(2);
  });

  it('realistic: a time zone changed after the night import was scheduled still keeps it within 02:00–03:00 local', async () => {
    const h = harness({ timing: TIMINGS.realistic, start: '2026-03-02T05:00:00Z' });
    h.facts.timeZone = 'America/New_York';
    await h.turn();
    expect(h.stream().notBefore).toBe(t('2026-03-02T07:00:00Z'));
    h.facts.timeZone = 'Asia/Tokyo';
    await h.clock.set(t('2026-03-02T07:00:02Z'));
    await h.turn();
    expect(h.oci.exports).toHaveLength(0);
    expect(h.stream().notBefore).toBe(t('2026-03-02T17:00:00Z'));
    await h.clock.set(t('2026-03-02T17:00:00Z'));
    await h.turn();
    expect(h.oci.exports).toHaveLength(1);
  });

  it('a list whose place turns from a group into a location while its import runs is imported again as a location', async () => {
    // Assigned to a site, the list keeps its dedicated stream whatever its place is.
    const h = harness({ lists: [{ id: 'G1', place: 'group', assignedToSite: true }] });
    await h.turn();
    expect(h.oci.exports).toEqual([{ placeType: 'group', places: ['G1'] }]);
    h.facts.lists = [{ id: 'G1', place: 'location', assignedToSite: true }];
    h.oci.finish([{ groupId: 'G1' }, rec('A', 5), { deltaToken: 'tg1' }]);
    await h.turn();
    await h.turn();
    expect(h.oci.exports.at(-1)).toEqual({ placeType: 'location', places: ['G1'] });
    expect(h.stream('list:G1').placeType).toBe('location');
  });

  it('a failed export puts the stream in error with the reason, and it retries after retryMs', async () => {
    const h = harness();
    // While the export runs, its status is asked for more often than deltas are polled.
    expect(await h.turn()).toBe(Math.min(TIMINGS.fast.pollMs, TIMINGS.fast.exportPollMs));
    h.oci.states.set('e1', { status: 'failed', reason: 'disk full' });
    await h.turn();
    expect(h.stream()).toMatchObject({ status: 'error', fullImportDue: true, notBefore: h.clock.now() + TIMINGS.fast.retryMs });
    expect(h.stream().reason).toMatch(/e1 failed: disk full/);
    await h.clock.advance(TIMINGS.fast.retryMs - 1);
    await h.turn();
    expect(h.oci.exports).toHaveLength(1);
    await h.clock.advance(1);
    await h.turn();
    expect(h.oci.exports).toHaveLength(2);
    expect(h.stream()).toMatchObject({ status: 'importing' });
    expect(h.stream().reason).toBeUndefined();
  });

  const arrangements: [string, (h: Harness) => void, RegExp][] = [
    ['a refused export request', (h) => void (h.oci.refuse = new AppError(404, 'LocationDoesNotExist', 'no such location')), /refused: .*no such location/],
    ['an export file without a delta token', (h) => h.oci.finishNext([{ locationId: 'L1' }, rec('A', 5)]), /without a delta token/],
    ['no linked tenant group', (h) => void (h.facts.tenantGroupId = undefined), /no OCI tenant group/],
  ];
  it.each(arrangements)('%s puts the stream in error with the reason, and nothing is cached', async (_name, arrange, reason) => {
    const h = harness();
    arrange(h);
    await h.turn();
    await h.turn();
    expect(h.stream()).toMatchObject({ status: 'error', fullImportDue: true, reason: expect.stringMatching(reason) });
    expect(h.cache.count).toBe(0);
  });

  it('the cap stops new records (import and deltas) and emits b2c.cache.full; known SKUs still change', async () => {
    const h = harness({ cap: 3 });
    await h.importing([{ locationId: 'L1' }, ...['A', 'B', 'C', 'D', 'E'].map((s) => rec(s, 1)), { deltaToken: 't1' }]);
    expect(h.cache.count).toBe(3);
    expect(h.events.find((e) => e.type === 'b2c.cache.full')).toMatchObject({ tenant: 'inst', data: { listId: 'L1', cap: 3, refused: 2 } });
    h.oci.deltaAnswers.push({ nextDeltaToken: 't2', shouldQueryAgain: false, records: [delta('L1', 'Z', 4), delta('L1', 'A', 8)] });
    await h.clock.advance(250);
    await h.turn();
    expect(h.cache.get('L1', 'Z')).toBeUndefined();
    expect(h.cache.get('L1', 'A')).toMatchObject({ onHand: 8 });
    expect(h.cache.count).toBe(3);
    expect(h.events.at(-1)).toMatchObject({ type: 'b2c.cache.full', data: { listId: 'L1', cap: 3, refused: 1 } });
  });

  it('a list leaving the stream drops its records; the stream imports again for the lists left', async () => {
    const h = harness({ lists: [loc('L1'), loc('L2')] });
    await h.importing([{ locationId: 'L1' }, rec('A', 5), { locationId: 'L2' }, rec('A', 7), rec('B', 2), { deltaToken: 't1' }]);
    expect(h.cache.count).toBe(3);
    h.facts.lists = [loc('L1'), { id: 'L2', place: undefined, assignedToSite: false }]; // unpaired now
    await h.clock.advance(250);
    await h.turn();
    expect(h.cache.recordsOf('L2')).toBeUndefined();
    expect(h.cache.lists.get('L2')).toBeUndefined();
    expect(h.cache.count).toBe(1);
    expect(h.oci.exports.at(-1)).toEqual({ placeType: 'location', places: ['L1'] });
    expect(h.cache.get('L1', 'A')).toMatchObject({ onHand: 5 });
  });

  it('a list moving to a dedicated stream leaves the combined one and is imported by its own', async () => {
    const h = harness({ lists: [loc('L1'), loc('L2')] });
    await h.importing([{ locationId: 'L1' }, rec('A', 5), { locationId: 'L2' }, rec('A', 7), { deltaToken: 't1' }]);
    h.facts.lists = [loc('L1'), { id: 'L2', place: 'location', assignedToSite: true }];
    await h.clock.advance(250);
    await h.turn();
    expect(h.cache.lists.get('L2')).toMatchObject({ stream: 'list:L2' });
    expect(h.oci.exports.slice(1)).toEqual(expect.arrayContaining([{ placeType: 'location', places: ['L1'] }, { placeType: 'location', places: ['L2'] }]));
    expect(h.stream('list:L2').status).toBe('importing');
  });
});
