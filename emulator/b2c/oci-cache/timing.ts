// When the cache's streams work, by timing profile, on the virtual clock:
// - fast (development): full imports as soon as asked, deltas polled every 250 ms;
// - realistic: deltas polled every 2 s (Salesforce: changes show "within seconds"); the combined stream's full
//   import only runs between 02:00 and 03:00 instance time and takes the lists that joined it before 01:00
//   (a list that joins later waits a night: the guide's "at least one overnight import").
// Instance time is the instance's IANA time zone (Administration > Global Preferences > Instance Time Zone).

export type TimingProfile = 'fast' | 'realistic';

export interface Timing {
  pollMs: number;
  /** How long a stream in error waits before it tries a full import again. */
  retryMs: number;
  /** Whether the combined stream's full imports wait for the night window. */
  nightWindow: boolean;
}

export const TIMINGS: Record<TimingProfile, Timing> = {
  fast: { pollMs: 250, retryMs: 5_000, nightWindow: false },
  realistic: { pollMs: 2_000, retryMs: 60_000, nightWindow: true },
};

export const DEFAULT_TIME_ZONE = 'Etc/UTC';
const HOUR = 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Whether Intl knows the zone (IANA names such as Europe/Paris, America/New_York, Etc/UTC). */
export function validTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    format(zone);
    return true;
  } catch {
    return false;
  }
}

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
  const parts: Record<string, number> = {};
  for (const p of format(zone).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return local - Math.floor(epochMs / 1000) * 1000;
}

/** The instant the local day of `epochMs` reaches `hour`:00 (the same local day). */
export function localHourOfDay(epochMs: number, zone: string, hour: number): number {
  const offset = zoneOffsetMs(epochMs, zone);
  const local = epochMs + offset;
  const midnight = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  const guess = midnight + hour * HOUR - offset;
  // Across a daylight-saving change the offset at the target differs from the one now.
  return midnight + hour * HOUR - zoneOffsetMs(guess, zone);
}

/** The hour of the day, local to the zone. */
export function localHour(epochMs: number, zone: string): number {
  const local = epochMs + zoneOffsetMs(epochMs, zone);
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / HOUR);
}

/** When the combined stream's next night import may run: now within 02:00–03:00, else the next 02:00. */
export function nightWindowStart(epochMs: number, zone: string): number {
  const today = localHourOfDay(epochMs, zone, 2);
  if (epochMs < today) return today;
  if (epochMs < today + HOUR) return epochMs;
  return localHourOfDay(epochMs + 24 * HOUR, zone, 2);
}

/** The cutoff of the night import running at `epochMs`: 01:00 of that local day. */
export function nightCutoff(epochMs: number, zone: string): number {
  return localHourOfDay(epochMs, zone, 1);
}
