import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORTS, startImpex, type ImpexRun } from './helpers.js';
import { AVAILABILITY, bigImportText, recordAt } from './more-helpers.js';

// A file of 150 000 lines: the import runs in time slices, so its status shows it RUNNING with growing counts and
// the emulator keeps answering other requests while it does.

describe('a large import', () => {
  let big: ImpexRun;
  beforeAll(async () => {
    big = await startImpex({ fixtures: { name: 'demo', skus: 1, locations: 10 } });
  });
  afterAll(() => big?.close());

  it('runs while the emulator keeps answering: RUNNING with growing counts, reads answered in < 500 ms', async () => {
    const locations = Array.from({ length: 10 }, (_, i) => `${i >= 5 ? 'STORE' : 'WH'}-${String(i + 1).padStart(4, '0')}`);
    const text = bigImportText(150_000, locations, 'BIG');
    const job = await big.initiate({ fileName: 'big.json' });
    expect((await big.upload(job.uploadLink, text)).status).toBe(200);
    const running: number[] = [];
    const roundTrips: number[] = [];
    let last: Record<string, any> = {};
    for (let i = 0; i < 5000; i++) {
      const status = await big.http.get(`${IMPORTS}/${job.importId}/status`).set(big.auth());
      last = status.body;
      if (!['PENDING', 'RUNNING'].includes(last.status)) break;
      if (last.status === 'RUNNING') running.push(last.import.recordsReadCount);
      if (roundTrips.length < 3 && last.status === 'RUNNING') {
        const started = performance.now();
        const res = await big.http.post(`${AVAILABILITY}/availability-records/actions/get-availability`).set(big.auth()).send({ skus: ['SKU-0001'], locations: ['WH-0001'] });
        roundTrips.push(performance.now() - started);
        expect(res.status).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(last).toMatchObject({ status: 'COMPLETED', import: { recordsReadCount: 150_000, recordsProcessedCount: 150_000, recordsSkippedCount: 0 } });
    expect(running.some((n) => n > 0), `read counts seen while RUNNING: ${running.join(', ')}`).toBe(true);
    expect(running).toEqual([...running].sort((a, b) => a - b));
    expect(roundTrips.length).toBe(3);
    for (const ms of roundTrips) expect(ms, `get-availability round trips: ${roundTrips.map(Math.round).join(', ')} ms`).toBeLessThan(500);
    expect(await recordAt(big, 'STORE-0010', 'BIG-14999')).toMatchObject({ onHand: 149_999 % 997 });
  });
});
