import { describe, expect, it } from 'vitest';
import { inClockRange, isRfc3339, MAX_INSTANT, MIN_INSTANT, parseRfc3339 } from '../../emulator/core/instant.js';

describe('RFC 3339 date-times', () => {
  it.each([
    '2026-03-02T09:00:00Z',
    '2026-03-02t09:00:00z',
    '2020-04-08T14:05:22.790896-07:00',
    '2024-02-29T23:59:59.999+14:00',
    '2000-02-29T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999-23:59',
  ])('accepts %s', (text) => {
    expect(isRfc3339(text)).toBe(true);
    expect(Number.isFinite(parseRfc3339(text))).toBe(true);
  });

  it.each([
    '2026-13-99T99:99:99Z',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-03-00T00:00:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T09:60:00Z',
    '2026-03-02T09:00:60Z',
    '2026-03-02T09:00:00+24:00',
    '2026-03-02T09:00:00+0100',
    '2026-03-02T09:00Z',
    '2026-03-02T09:00:00',
    '2026-03-02 09:00:00Z',
    '2026-03-02',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    'March 7, 2026',
    'NaN',
    '',
    `2026-03-02T09:00:00.${'1'.repeat(10_000)}Z`,
  ])('refuses %s', (text) => {
    expect(isRfc3339(text)).toBe(false);
    expect(parseRfc3339(text)).toBeUndefined();
  });

  it('parses to the instant the offset says', () => {
    expect(parseRfc3339('2026-03-02T10:00:00+01:00')).toBe(Date.parse('2026-03-02T09:00:00Z'));
  });

  it.each([null, undefined, 5, {}, ['2026-03-02T09:00:00Z']])('is not fooled by %j', (value) => {
    expect(parseRfc3339(value)).toBeUndefined();
  });
});

describe('the clock range', () => {
  it('is 1970-01-01 .. 9999-12-31T23:59:59.999Z in whole milliseconds', () => {
    expect(new Date(MIN_INSTANT).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new Date(MAX_INSTANT).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(inClockRange(MIN_INSTANT)).toBe(true);
    expect(inClockRange(MAX_INSTANT)).toBe(true);
    for (const bad of [MIN_INSTANT - 1, MAX_INSTANT + 1, 1.5, Number.NaN, Infinity, -Infinity, 1e308, -1e308, 8.64e15]) expect(inClockRange(bad)).toBe(false);
  });
});
