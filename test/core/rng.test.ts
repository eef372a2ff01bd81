import { describe, expect, it } from 'vitest';
import { Rng } from '../../emulator/core/rng.js';

describe('seeded randomness', () => {
  it('the same seed and stream give the same values; another seed or stream does not', () => {
    const draw = (rng: Rng) => [rng.uuid(), rng.hex(10), rng.alnum(8), rng.int(1, 6), rng.next()];
    expect(draw(new Rng(42, 'ids'))).toEqual(draw(new Rng(42, 'ids')));
    expect(draw(new Rng(42, 'ids'))).not.toEqual(draw(new Rng(43, 'ids')));
    expect(draw(new Rng(42, 'ids'))).not.toEqual(draw(new Rng(42, 'other')));
  });

  it('forks are independent: drawing from one does not shift another', () => {
    const a = new Rng(7);
    const x = a.fork('x');
    const before = new Rng(7).fork('y').uuid();
    x.uuid();
    x.uuid();
    expect(a.fork('y').uuid()).toBe(before);
  });

  it('uuids are RFC 4122 version 4; ints stay in range; floats in [0, 1)', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 500; i++) {
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const n = rng.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
      const f = rng.next();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
  });

  it('is roughly uniform', () => {
    const rng = new Rng(3);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(rng.next() * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});
