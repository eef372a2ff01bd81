import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { API, ORG, orgToken } from './helpers.js';

// Upload timers survive what the emulator goes through: a restart on a data file, a snapshot restore, a lost
// timer (status reads catch up), and the realistic timing profile.

const UPLOADS = `${API}/commerce/oci/location-graph/uploads`;
const TG = ORG.tenantGroupId;
const running: Running[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<Running> {
  const run = await startEmulator(options);
  running.push(run);
  return run;
}

const publish = async (run: Running, token: string) => (await run.http.post(UPLOADS).set('Authorization', `Bearer ${token}`)).body.uploadId as string;
const status = async (run: Running, token: string, id: string) => (await run.http.get(`${UPLOADS}/${id}`).set('Authorization', `Bearer ${token}`)).body;
const published = (run: Running) => run.emulator.journal.query({ type: 'oci.location-graph.published' }).length;

describe('upload timers', () => {
  it('a restart on the same data file keeps the upload and its session, and the upload completes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-org-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const first = await start({ store: { file } });
    const token = await orgToken(first);
    const id = await publish(first, token);
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await start({ store: { file } });
    expect(second.emulator.restored).toBe(true);
    expect((await status(second, token, id)).status).toBe('PENDING');
    expect(second.emulator.clock.pending().map((j) => j.key)).toContain(`${TG}:graph-upload:${id}`);
    await second.emulator.clock.advance(2000);
    expect(published(second)).toBe(1);
    expect((await status(second, token, id)).status).toBe('COMPLETED');
  });

  it('restoring a snapshot taken while pending re-arms the upload, which completes again', async () => {
    const run = await start();
    const token = await orgToken(run);
    const id = await publish(run, token);
    expect((await run.http.post('/__emulator/snapshots').send({ name: 'pending' })).status).toBeLessThan(300);
    await run.emulator.clock.advance(2000);
    expect(published(run)).toBe(1);
    expect((await run.http.post('/__emulator/snapshots/pending/restore').send({ clock: true })).status).toBe(200);
    expect((await status(run, token, id)).status).toBe('PENDING');
    await run.emulator.clock.advance(2000);
    expect(published(run)).toBe(2);
  });

  it('a lost timer does not strand the upload: the next status read catches up', async () => {
    const run = await start();
    const token = await orgToken(run);
    const id = await publish(run, token);
    // Resetting the tenant group cancels every timer keyed by it.
    run.emulator.clock.cancelByPrefix(`${TG}:`);
    await run.emulator.clock.advance(5000);
    expect(published(run)).toBe(0);
    expect(await status(run, token, id)).toMatchObject({ status: 'COMPLETED', startTimeUTC: '2026-03-02T09:00:00.500Z', endTimeUTC: '2026-03-02T09:00:02.000Z' });
    expect(published(run)).toBe(1);
  });

  it('the realistic profile takes a minute: 15 s pending, then in progress', async () => {
    const run = await start({ profile: 'realistic' });
    const token = await orgToken(run);
    const id = await publish(run, token);
    await run.emulator.clock.advance(14_999);
    expect((await status(run, token, id)).status).toBe('PENDING');
    await run.emulator.clock.advance(1);
    expect((await status(run, token, id)).status).toBe('IN_PROGRESS');
    await run.emulator.clock.advance(44_999);
    expect((await status(run, token, id)).status).toBe('IN_PROGRESS');
    await run.emulator.clock.advance(1);
    expect((await status(run, token, id)).status).toBe('COMPLETED');
  });
});
