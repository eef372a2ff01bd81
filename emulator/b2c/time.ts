// Times as B2C reads them, checked for real: a calendar date that exists, a time of day within its day, an offset
// of at most ±14:00, a year of four digits. `Date.parse` is not enough: it takes 2026-02-30 as 2 March and
// "1" as the year 2001. What passes is written back in one form, UTC with milliseconds.

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const DATE_TIME_EXAMPLE = '2026-03-02T09:00:00Z';

/**
 * The UTC ISO form of an ISO 8601 / xsd:dateTime, or undefined when it is not one. Without an offset the time is
 * UTC (the instance's time zone on the emulator) unless `offsetRequired` (RFC 3339, as OCAPI's date-time format).
 */
export function isoDateTime(text: string, options: { offsetRequired?: boolean } = {}): string | undefined {
  const m = text.length <= 40 ? DATE_TIME.exec(text) : null;
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const zone = m[8];
  if (!zone && options.offsetRequired) return undefined;
  if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const at = utc(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An xsd:date (YYYY-MM-DD) as midnight UTC in ISO form, or undefined. */
export function isoDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = m.slice(1, 4).map(Number) as [number, number, number];
  return validDay(year, month, day) ? new Date(utc(year, month, day, 0, 0, 0, 0)).toISOString() : undefined;
}

function validDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** Epoch ms of a UTC time; years below 100 stay themselves (Date.UTC would add 1900). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}
