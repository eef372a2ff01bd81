import { describe, expect, it } from 'vitest';
import { DurationError, MAX_DURATION_MS, parseDuration, parseInstant } from '../../emulator/core/duration.js';
import { MAX_INSTANT } from '../../emulator/core/instant.js';

describe('durations', () => {
  it.each([
    [1500, 1500],
    ['1500', 1500],
    ['PT30M', 1_800_000],
    ['PT1800S', 1_800_000],
    ['pt1.5s', 1500],
    ['P1D', 86_400_000],
    ['P1DT2H', 93_600_000],
    ['P2W', 1_209_600_000],
    ['PT0S', 0],
  ])('%s → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    ['P'], ['PT'], ['30M'], ['-5'], [-5], ['P1Y'], ['P1M'], [''], [null], [{}], [Number.NaN], [1e308], [-1e308], [Infinity], ['1e308'], ['NaN'],
    [1.5], ['PT0.0001S'], ['P99999999999999999999D'], [MAX_DURATION_MS + 1], [String(MAX_DURATION_MS + 1)], ['P'.padEnd(10_000, '1')], [true], [[1000]],
  ])('refuses %s', (input) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
  });

  it('explains why years and months are refused', () => {
    expect(() => parseDuration('P1M')).toThrow(/years and months/);
  });

  it('the longest duration is the whole clock range', () => {
    expect(parseDuration(MAX_DURATION_MS)).toBe(MAX_DURATION_MS);
    expect(parseDuration('PT1.1S')).toBe(1100);
  });

  it('instants: RFC 3339 or epoch milliseconds', () => {
    expect(parseInstant('2026-01-01T00:00:00Z')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseInstant('2026-01-01T01:00:00+01:00')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseInstant(5)).toBe(5);
    expect(parseInstant('5')).toBe(5);
    expect(parseInstant('9999-12-31T23:59:59.999Z')).toBe(MAX_INSTANT);
  });

  it.each([
    ['yesterday'], ['2026-13-99T99:99:99Z'], ['2026-02-30T00:00:00Z'], ['+275760-09-13T00:00:00Z'], ['1969-12-31T23:59:59Z'], ['2026-01-01'],
    ['March 7, 2026'], [''], [null], [undefined], [1e308], [-1e308], [-1], [1.5], [Number.NaN], ['NaN'], [MAX_INSTANT + 1], ['x'.repeat(10_000)], [{}],
  ])('refuses the instant %s', (input) => {
    expect(() => parseInstant(input)).toThrow(DurationError);
  });
});
