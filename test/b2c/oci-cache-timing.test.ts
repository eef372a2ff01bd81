import { describe, expect, it } from 'vitest';
import { COMBINED } from '../../emulator/b2c/oci-cache/model.js';
import { planStreams, streamIdOf, type ListFacts } from '../../emulator/b2c/oci-cache/streams.js';
import { localHour, nightCutoff, nightWindowStart, validTimeZone } from '../../emulator/b2c/oci-cache/timing.js';

// Which streams fill the cache, and the instance-time arithmetic of the night window (02:00–03:00 local, cutoff
// 01:00), across daylight-saving changes in New York and Paris.

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('planStreams', () => {
  const list = (id: string, place: ListFacts['place'], assignedToSite = false): ListFacts => ({ id, place, assignedToSite });

  it('a group list and a site-assigned location list get dedicated streams; other location lists share the combined one; unpaired lists none', () => {
    const plan = planStreams([list('G', 'group'), list('SITE-LOC', 'location', true), list('L2', 'location'), list('L1', 'location'), list('NOPE', undefined, true)]);
    expect([...plan.keys()].sort()).toEqual([COMBINED, streamIdOf('G'), streamIdOf('SITE-LOC')].sort());
    expect(plan.get(streamIdOf('G'))).toEqual({ id: 'list:G', kind: 'dedicated', placeType: 'group', lists: ['G'] });
    expect(plan.get(streamIdOf('SITE-LOC'))).toEqual({ id: 'list:SITE-LOC', kind: 'dedicated', placeType: 'location', lists: ['SITE-LOC'] });
    // Sorted, so the same lists in another order are not taken for a change of membership.
    expect(plan.get(COMBINED)).toEqual({ id: COMBINED, kind: 'combined', placeType: 'location', lists: ['L1', 'L2'] });
  });

  it('no combined stream without ungrouped location lists, and a list named "combined" cannot take its id', () => {
    expect(planStreams([list('NOPE', undefined)]).size).toBe(0);
    expect([...planStreams([list(COMBINED, 'group')]).keys()]).toEqual(['list:combined']);
  });
});

describe('timing', () => {
  it('validTimeZone accepts IANA names and refuses anything else', () => {
    for (const zone of ['America/New_York', 'Europe/Paris', 'Etc/UTC']) expect(validTimeZone(zone)).toBe(true);
    for (const zone of ['', 'Mars/Olympus_Mons', 'America/New York', 'x'.repeat(65)]) expect(validTimeZone(zone)).toBe(false);
  });

  it.each([
    // zone, now, local hour, next window start, cutoff of the night of `now`'s local day
    ['America/New_York', '2026-03-02T09:00:00Z', 4, '2026-03-03T07:00:00.000Z', '2026-03-02T06:00:00.000Z'], // EST
    ['America/New_York', '2026-07-01T12:00:00Z', 8, '2026-07-02T06:00:00.000Z', '2026-07-01T05:00:00.000Z'], // EDT
    ['America/New_York', '2026-03-08T12:00:00Z', 8, '2026-03-09T06:00:00.000Z', '2026-03-08T06:00:00.000Z'], // after spring forward
    ['America/New_York', '2026-11-01T04:00:00Z', 0, '2026-11-01T07:00:00.000Z', '2026-11-01T05:00:00.000Z'], // fall back night, before it
    ['Europe/Paris', '2026-01-15T12:00:00Z', 13, '2026-01-16T01:00:00.000Z', '2026-01-15T00:00:00.000Z'], // CET
    ['Europe/Paris', '2026-07-01T12:00:00Z', 14, '2026-07-02T00:00:00.000Z', '2026-06-30T23:00:00.000Z'], // CEST
    ['Europe/Paris', '2026-03-29T12:00:00Z', 14, '2026-03-30T00:00:00.000Z', '2026-03-29T00:00:00.000Z'], // after spring forward
    ['Europe/Paris', '2026-10-25T12:00:00Z', 13, '2026-10-26T01:00:00.000Z', '2026-10-24T23:00:00.000Z'], // after fall back
  ])('%s at %s: local hour %i, next window %s, cutoff %s', (zone, now, hour, window, cutoff) => {
    expect(localHour(t(now), zone)).toBe(hour);
    expect(iso(nightWindowStart(t(now), zone))).toBe(window);
    expect(iso(nightCutoff(t(now), zone))).toBe(cutoff);
  });

  it('inside 02:00–03:00 the window is now; from 03:00 on it is the next night', () => {
    expect(nightWindowStart(t('2026-03-03T07:30:00Z'), 'America/New_York')).toBe(t('2026-03-03T07:30:00Z'));
    expect(iso(nightWindowStart(t('2026-03-03T08:00:00Z'), 'America/New_York'))).toBe('2026-03-04T07:00:00.000Z');
  });

  it('localHour follows the clocks across daylight-saving changes', () => {
    expect(localHour(t('2026-03-08T06:59:00Z'), 'America/New_York')).toBe(1);
    expect(localHour(t('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(3);
    expect(localHour(t('2026-10-25T00:30:00Z'), 'Europe/Paris')).toBe(2); // 02:30 CEST
    expect(localHour(t('2026-10-25T01:30:00Z'), 'Europe/Paris')).toBe(2); // 02:30 CET, the hour again
  });

  // "Tomorrow" is a local day, not 24 hours: from 23:00–24:00 on the eve of a 23-hour day, now + 24 h lands on the
  // day after, which would skip the spring-forward night.
  it('from 23:30 on the eve of spring forward, the next window is that night, not the one after', () => {
    expect(nightWindowStart(t('2026-03-08T04:30:00Z'), 'America/New_York')).toBeLessThan(t('2026-03-09T00:00:00Z'));
  });

  // 02:00 does not exist on spring-forward day: the window opens when the clocks jump past it, whenever it is asked
  // (never at 01:00 standard time, which is the cutoff).
  it('on spring-forward day the window opens when local clocks first read 02:00 or later', () => {
    expect(iso(nightWindowStart(t('2026-03-08T05:30:00Z'), 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(nightWindowStart(t('2026-03-28T23:30:00Z'), 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
  });
});
