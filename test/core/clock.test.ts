import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../emulator/core/clock.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
let clock: VirtualClock | undefined;
afterEach(() => clock?.close());

describe('virtual clock', () => {
  it('frozen: does not move on its own, moves by exactly what it is told', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now()).toBe(T0);
    await clock.advance(1800_000);
    expect(clock.iso()).toBe('2026-01-01T00:30:00.000Z');
  });

  it('runs due jobs in time order, each seeing its own instant, when time is advanced past them', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    const seen: [string, number][] = [];
    const c = clock;
    c.schedule(T0 + 3000, 'c', () => void seen.push(['c', c.now()]));
    c.schedule(T0 + 1000, 'a', () => void seen.push(['a', c.now()]));
    c.schedule(T0 + 2000, 'b', () => void seen.push(['b', c.now()]));
    c.schedule(T0 + 9000, 'late', () => void seen.push(['late', c.now()]));
    await c.advance(5000);
    expect(seen).toEqual([
      ['a', T0 + 1000],
      ['b', T0 + 2000],
      ['c', T0 + 3000],
    ]);
    expect(c.now()).toBe(T0 + 5000);
    expect(c.pending().map((j) => j.name)).toEqual(['late']);
  });

  it('jobs due at the same instant run in the order they were scheduled; a job may schedule another', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    const c = clock;
    const order: string[] = [];
    c.schedule(T0 + 10, 'first', () => {
      order.push('first');
      c.schedule(T0 + 20, 'chained', () => void order.push('chained'));
    });
    c.schedule(T0 + 10, 'second', () => void order.push('second'));
    await c.advance(100);
    expect(order).toEqual(['first', 'second', 'chained']);
  });

  it('a keyed job replaces the earlier one; cancel and cancelByPrefix remove jobs', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    const ran: string[] = [];
    clock.schedule(T0 + 10, 'x1', () => void ran.push('x1'), 'tenant-a:x');
    clock.schedule(T0 + 20, 'x2', () => void ran.push('x2'), 'tenant-a:x');
    clock.schedule(T0 + 30, 'y', () => void ran.push('y'), 'tenant-a:y');
    clock.schedule(T0 + 40, 'z', () => void ran.push('z'), 'tenant-b:z');
    expect(clock.cancelByPrefix('tenant-a:y')).toBe(1);
    expect(clock.cancel('tenant-b:z')).toBe(true);
    await clock.advance(100);
    expect(ran).toEqual(['x2']);
  });

  it('a job already due runs without an advance; a failing job is reported and does not stop the others', async () => {
    const failures: string[] = [];
    clock = new VirtualClock({ mode: 'frozen', start: T0, onJobError: (name) => failures.push(name) });
    const ran: string[] = [];
    clock.schedule(T0, 'boom', () => {
      throw new Error('boom');
    });
    clock.schedule(T0 - 5, 'past', () => void ran.push('past'));
    await new Promise((r) => setImmediate(r));
    await clock.settle();
    expect(ran).toEqual(['past']);
    expect(failures).toEqual(['boom']);
  });

  it('set moves forward running jobs, or backward leaving them pending', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    let ran = 0;
    clock.schedule(T0 + 60_000, 'j', () => void ran++);
    await clock.set(T0 - 60_000);
    expect(ran).toBe(0);
    await clock.set(T0 + 120_000);
    expect(ran).toBe(1);
    expect(clock.now()).toBe(T0 + 120_000);
  });

  it('real: follows the wall clock from its start, advance adds an offset, freeze and resume keep the instant', async () => {
    clock = new VirtualClock({ mode: 'real', start: T0 });
    expect(Math.abs(clock.now() - T0)).toBeLessThan(1000);
    await clock.advance(3_600_000);
    expect(clock.now() - T0).toBeGreaterThanOrEqual(3_600_000);
    const frozen = clock.freeze();
    await new Promise((r) => setTimeout(r, 15));
    expect(clock.now()).toBe(frozen.epochMs);
    clock.resume();
    expect(clock.mode).toBe('real');
    expect(clock.now() - frozen.epochMs).toBeLessThan(1000);
  });

  it('real: fires a job when its wall-clock moment comes', async () => {
    clock = new VirtualClock({ mode: 'real' });
    const fired = new Promise<number>((resolve) => clock!.scheduleIn(30, 'soon', () => resolve(Date.now())));
    const at = Date.now();
    expect((await fired) - at).toBeGreaterThanOrEqual(25);
  });

  it('refuses to go backwards with advance', async () => {
    clock = new VirtualClock({ mode: 'frozen', start: T0 });
    await expect(clock.advance(-1)).rejects.toThrow(/forward/);
  });
});
