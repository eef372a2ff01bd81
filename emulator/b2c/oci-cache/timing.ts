// When the cache's streams work, by timing profile, on the virtual clock:
// - fast (development): full imports as soon as asked, deltas polled every 250 ms;
// - realistic: deltas polled every 2 s (Salesforce: changes show "within seconds"); the combined stream's full
//   import only runs between 02:00 and 03:00 instance time and takes the lists that joined it before 01:00
//   (a list that joins later waits a night: the guide's "at least one overnight import").
// Instance time is the instance's IANA time zone (Administration > Global Preferences > Instance Time Zone).

export type TimingProfile = 'fast' | 'realistic';

export interface Timing {
  pollMs: number;
  /** How often a stream waiting for its export asks for the export's status. */
  exportPollMs: number;
  /** How long a stream in error waits before it tries a full import again. */
  retryMs: number;
  /** Whether the combined stream's full imports wait for the night window. */
  nightWindow: boolean;
}

export const TIMINGS: Record<TimingProfile, Timing> = {
  fast: { pollMs: 250, exportPollMs: 50, retryMs: 5_000, nightWindow: false },
  realistic: { pollMs: 2_000, exportPollMs: 1_000, retryMs: 60_000, nightWindow: true },
};

export const DEFAULT_TIME_ZONE = 'Etc/UTC';
const HOUR = 3_600_000;
const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Whether Intl knows the zone (IANA names such as Europe/Paris, America/New_York, Etc/UTC). */
export function validTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

/**
 * The zone's canonical IANA name (Intl takes any casing: `europe/PARIS` is Europe/Paris), or undefined. Nothing is
 * kept for a name that was only checked, so the formatters below stay one per real zone whatever users type.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (zone.length === 0 || zone.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** A formatter per zone, for the canonical names instances keep. */
function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at that instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  const parts: Record<string, number> = Object.create(null);
  for (const p of format(zone).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return local - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant the local day of `epochMs` reaches `hour`:00. On the day the clocks go forward past that hour it
 * does not exist: the answer is the instant the clocks jump past it. On the day they go back, the first one.
 */
export function localHourOfDay(epochMs: number, zone: string, hour: number): number {
  const wall = epochMs + zoneOffsetMs(epochMs, zone);
  const wallMidnight = wall - mod(wall, DAY);
  const midnight = wallMidnight - zoneOffsetMs(wallMidnight - zoneOffsetMs(epochMs, zone), zone);
  const target = wallMidnight + hour * HOUR;
  const t0 = midnight + hour * HOUR;
  const w0 = t0 + zoneOffsetMs(t0, zone);
  if (w0 === target) return t0;
  // The clocks changed between midnight and the hour: move by what they changed, if that hour exists.
  const t1 = t0 - (w0 - target);
  return t1 + zoneOffsetMs(t1, zone) === target ? t1 : t0;
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** The hour of the day, local to the zone. */
export function localHour(epochMs: number, zone: string): number {
  return Math.floor(mod(epochMs + zoneOffsetMs(epochMs, zone), DAY) / HOUR);
}

/** When the combined stream's next night import may run: now within 02:00–03:00, else the next 02:00. */
export function nightWindowStart(epochMs: number, zone: string): number {
  const today = localHourOfDay(epochMs, zone, 2);
  if (epochMs < today) return today;
  if (epochMs < localHourOfDay(epochMs, zone, 3)) return epochMs;
  // Tomorrow is the local day of tomorrow's noon (24 h after today's noon is tomorrow whatever the clocks do).
  return localHourOfDay(localHourOfDay(epochMs, zone, 12) + DAY, zone, 2);
}

/** The cutoff of the night import running at `epochMs`: 01:00 of that local day. */
export function nightCutoff(epochMs: number, zone: string): number {
  return localHourOfDay(epochMs, zone, 1);
}
