import { describe, expect, it } from 'vitest';
import { DurationError, parseDuration, parseInstant } from '../../emulator/core/duration.js';

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

  it.each([['P'], ['PT'], ['30M'], ['-5'], [-5], ['P1Y'], ['P1M'], [''], [null], [{}], [Number.NaN]])('refuses %s', (input) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
  });

  it('explains why years and months are refused', () => {
    expect(() => parseDuration('P1M')).toThrow(/years and months/);
  });

  it('instants: ISO 8601 or epoch milliseconds', () => {
    expect(parseInstant('2026-01-01T00:00:00Z')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseInstant(5)).toBe(5);
    expect(parseInstant('5')).toBe(5);
    expect(() => parseInstant('yesterday')).toThrow(DurationError);
  });
});
