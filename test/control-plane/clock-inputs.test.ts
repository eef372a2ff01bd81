import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_START, startEmulator, type Running } from '../helpers/emulator.js';

// Hostile values for every clock input of the control plane: 400 in the control plane's dialect with a message
// that says what is wrong, never a 5xx, the clock unchanged and the emulator still serving.

let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

const HOSTILE: [string, unknown][] = [
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['"NaN"', 'NaN'],
  ['"1e308"', '1e308'],
  ['"+275760-09-13T00:00:00Z"', '+275760-09-13T00:00:00Z'],
  ['"2026-13-99T99:99:99Z"', '2026-13-99T99:99:99Z'],
  ['"2026-02-30T00:00:00Z"', '2026-02-30T00:00:00Z'],
  ['""', ''],
  ['null', null],
  ['true', true],
  ['{}', {}],
  ['[]', []],
  ['1.5', 1.5],
  ['-1', -1],
  ['"P1M"', 'P1M'],
  ['10 000 characters', '9'.repeat(10_000)],
  ['10 000-character date', `2026-03-02T09:00:00.${'0'.repeat(10_000)}Z`],
];

describe.each([
  ['advance', 'by'],
  ['set', 'time'],
])('POST /__emulator/clock/%s', (action, field) => {
  it.each(HOSTILE)(`{"${field}": %s} → 400 ValidationFailed, the clock unchanged`, async (_name, value) => {
    const res = await run.http.post(`/__emulator/clock/${action}`).send({ [field]: value });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'ValidationFailed', message: expect.any(String) });
    expect(res.body.message.length).toBeLessThan(400);
    expect(run.emulator.clock.iso()).toBe(FROZEN_START);
    expect((await run.http.get('/__emulator/health')).status).toBe(200);
  });

  it(`?${field}=1e308 in the query → 400`, async () => {
    const res = await run.http.post(`/__emulator/clock/${action}`).query({ [field]: '1e308' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('ValidationFailed');
  });
});

describe('the range', () => {
  it('messages name the range; the clock goes to its end and not beyond', async () => {
    const beyond = await run.http.post('/__emulator/clock/set').send({ time: '+275760-09-13T00:00:00Z' });
    expect(beyond.body.message).toMatch(/RFC 3339/);
    const late = await run.http.post('/__emulator/clock/set').send({ time: 253_402_300_800_000 });
    expect(late.body.message).toContain('1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z');
    const end = await run.http.post('/__emulator/clock/set').send({ time: '9999-12-31T23:59:59.999Z' });
    expect(end.body.now).toBe('9999-12-31T23:59:59.999Z');
    const past = await run.http.post('/__emulator/clock/advance').send({ by: 1 });
    expect(past.status).toBe(400);
    expect(past.body.message).toMatch(/beyond 1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z/);
    expect((await run.http.get('/__emulator/clock')).body.now).toBe('9999-12-31T23:59:59.999Z');
    await run.http.post('/__emulator/clock/set').send({ time: FROZEN_START });
  });

  it('set to an earlier instant works and the journal says it went back', async () => {
    await run.http.post('/__emulator/clock/advance').send({ by: 'PT1H' });
    const res = await run.http.post('/__emulator/clock/set').send({ time: FROZEN_START });
    expect(res.body.now).toBe(FROZEN_START);
    const [entry] = run.emulator.journal.query({ type: 'emulator.clock.set' }).slice(-1);
    expect(entry).toMatchObject({ data: { from: '2026-03-02T10:00:00.000Z', to: FROZEN_START, backwards: true } });
  });

  it('a snapshot restore takes {"clock": true or false} only', async () => {
    await run.http.post('/__emulator/snapshots').send({ name: 'clock-inputs' });
    for (const clock of ['yes', 1, 'true', null]) {
      const res = await run.http.post('/__emulator/snapshots/clock-inputs/restore').send({ clock });
      expect(res.status, String(clock)).toBe(clock === null ? 200 : 400);
    }
  });
});
