import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { BM } from '../helpers/shopper.js';

// POST /__emulator/clock/advance with `settle`: the answer waits for the work the move started off the clock (the
// OCI cache's reads and the impex exports they ask for), so a script driving only HTTP sees the same world on
// every run: the cache completes after the same number of polls, every time.

const started: Running[] = [];
afterAll(() => Promise.all(started.map((r) => r.close())));

async function pollsUntilCacheComplete(): Promise<number> {
  const run = await startEmulator();
  started.push(run);
  const am = await tokenFor(run.http);
  expect((await run.http.post(`${BM}/OCIIntegration-SetMode`).set('Authorization', `Bearer ${am}`).send({ mode: 'OCI_CACHE' })).status).toBe(200);
  for (let poll = 1; poll <= 200; poll++) {
    const res = await run.http.post('/__emulator/clock/advance').send({ by: 250, settle: true });
    expect(res.status).toBe(200);
    const page = await run.http.get(`${BM}/OCIIntegration-Show`).set('Authorization', `Bearer ${am}`);
    if ((page.body.cacheStatus as { status: string }[]).every((r) => r.status === 'complete')) return poll;
  }
  throw new Error('the cache never completed');
}

describe('POST /__emulator/clock/advance {"settle": true}', () => {
  it('answers once the background work is done: the same number of polls on every run', async () => {
    const counts = [await pollsUntilCacheComplete(), await pollsUntilCacheComplete(), await pollsUntilCacheComplete()];
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
  });

  it.each([['"yes"', 'yes'], ['1', 1], ['null', null], ['{}', {}]])('refuses settle %s with 400, the clock unchanged', async (_name, settle) => {
    const run = started[0]!;
    const before = (await run.http.get('/__emulator/clock')).body.now;
    const res = await run.http.post('/__emulator/clock/advance').send({ by: 1000, settle });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'ValidationFailed', message: 'settle must be true or false' });
    expect((await run.http.get('/__emulator/clock')).body.now).toBe(before);
  });
});
