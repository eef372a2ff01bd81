import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockRangeError, VirtualClock } from '../../emulator/core/clock.js';
import { MAX_INSTANT } from '../../emulator/core/instant.js';

// The clock's own API keeps it within 1970-01-01 .. 9999-12-31T23:59:59.999Z, in whole milliseconds, and never
// lets it go back on its own; `set` to an earlier instant is the one way back, and jobs keep their instants.

const T0 = Date.parse('2026-01-01T00:00:00Z');
let clock: VirtualClock | undefined;
afterEach(() => {
  clock?.close();
  vi.restoreAllMocks();
});

const HOSTILE = [1e308, -1e308, Number.NaN, Infinity, -Infinity, 1.5, -1, 8.64e15, Number.MAX_SAFE_INTEGER + 2];

describe('clock inputs', () => {
  it.each(HOSTILE)('advance(%s) is refused and leaves the clock as it was', async (ms) => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    await expect(clock.advance(ms)).rejects.toBeInstanceOf(ClockRangeError);
    expect(clock.now()).toBe(T0);
    expect((await clock.advance(1000)).now).toBe('2026-01-01T00:00:01.000Z');
  });

  it.each([...HOSTILE, -1, MAX_INSTANT + 1])('set(%s) is refused and leaves the clock as it was', async (ms) => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    await expect(clock.set(ms)).rejects.toBeInstanceOf(ClockRangeError);
    expect(clock.now()).toBe(T0);
  });

  it.each([...HOSTILE, MAX_INSTANT + 1])('a clock cannot start at %s', (start) => {
    expect(() => new VirtualClock({ mode: 'frozen', start })).toThrow(ClockRangeError);
  });

  it('advances up to the end of the range and not one millisecond beyond, in both modes', async () => {
    for (const mode of ['frozen', 'real'] as const) {
      const c = new VirtualClock({ mode, start: MAX_INSTANT - 10_000_000 });
      const by = MAX_INSTANT - c.now() - 5_000;
      expect(Date.parse((await c.advance(by)).now)).toBeLessThanOrEqual(MAX_INSTANT);
      await expect(c.advance(10_000)).rejects.toThrow(/beyond 1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z/);
      c.close();
    }
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    await clock.set(MAX_INSTANT);
    expect(clock.iso()).toBe('9999-12-31T23:59:59.999Z');
    await expect(clock.advance(1)).rejects.toBeInstanceOf(ClockRangeError);
  });

  it('queued advances that together would leave the range: the one that would is refused, the others apply', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: MAX_INSTANT - 3000 });
    const results = await Promise.allSettled([clock.advance(2000), clock.advance(2000), clock.advance(1000)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(clock.now()).toBe(MAX_INSTANT);
  });

  it('a job cannot be scheduled at NaN or infinity; the others keep their order', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    const ran: string[] = [];
    clock.schedule(T0 + 20, 'b', () => void ran.push('b'));
    for (const at of [Number.NaN, Infinity, -Infinity]) expect(() => clock!.schedule(at, 'bad', () => void ran.push('bad'))).toThrow(RangeError);
    clock.schedule(T0 + 10, 'a', () => void ran.push('a'));
    await clock.advance(100);
    expect(ran).toEqual(['a', 'b']);
    expect(clock.pending()).toEqual([]);
  });
});

describe('never backwards on its own', () => {
  it('real: a wall clock stepping back holds the virtual clock where it was until the wall catches up', () => {
    let wall = T0;
    vi.spyOn(Date, 'now').mockImplementation(() => wall);
    clock = new VirtualClock({ mode: 'real', start: T0 + 5000 });
    wall += 1000;
    expect(clock.now()).toBe(T0 + 6000);
    wall -= 60_000;
    expect(clock.now()).toBe(T0 + 6000);
    wall += 60_500;
    expect(clock.now()).toBe(T0 + 6500);
  });

  it('set to an earlier instant is the one way back: jobs keep their instants and run when time reaches them again', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    const ran: number[] = [];
    const c = clock;
    c.schedule(T0 + 60_000, 'j', () => void ran.push(c.now()));
    await c.set(T0 - 60_000);
    await c.advance(90_000);
    expect(ran).toEqual([]);
    await c.advance(30_000);
    expect(ran).toEqual([T0 + 60_000]);
  });

  it('real: after a backward set the timer waits for the job instant again', async () => {
    clock = new VirtualClock({ mode: 'real', start: T0 });
    let ran = 0;
    clock.scheduleIn(40, 'soon', () => void ran++);
    await clock.set(T0 - 3_600_000);
    await new Promise((r) => setTimeout(r, 80));
    expect(ran).toBe(0);
    await clock.set(T0 + 1000);
    expect(ran).toBe(1);
  });
});

describe('state for persistence', () => {
  it('frozen: every move is reported; the state is the instant', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    const seen: number[] = [];
    const c = clock;
    c.onChange(() => seen.push(c.state().frozenAt));
    c.schedule(T0 + 10, 'job', () => {});
    await c.advance(100);
    expect(seen).toEqual([T0 + 10, T0 + 100]);
    expect(c.state()).toEqual({ mode: 'frozen', offsetMs: expect.any(Number), frozenAt: T0 + 100, shownUntil: T0 + 100 });
  });

  it('real: readings renew a lease about once a second, never at every reading, and the state covers every reading', () => {
    let wall = T0;
    vi.spyOn(Date, 'now').mockImplementation(() => wall);
    clock = new VirtualClock({ mode: 'real', start: T0 });
    let changes = 0;
    clock.onChange(() => changes++);
    let latest = 0;
    for (let i = 0; i < 5000; i++) {
      wall += 1;
      latest = clock.now();
      expect(clock.state().shownUntil).toBeGreaterThanOrEqual(latest);
    }
    expect(changes).toBeGreaterThanOrEqual(4);
    expect(changes).toBeLessThanOrEqual(6);
    expect(clock.state().shownUntil - latest).toBeLessThanOrEqual(1000);
  });

  it('carryOn puts the clock at an instant and runs what is due there', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    let ran = 0;
    clock.schedule(T0 + 5000, 'due', () => void ran++);
    clock.carryOn(T0 + 10_000);
    await new Promise((r) => setImmediate(r));
    await clock.settle();
    expect(ran).toBe(1);
    expect(clock.now()).toBe(T0 + 10_000);
    expect(() => clock!.carryOn(Number.NaN)).toThrow(ClockRangeError);
  });
});
