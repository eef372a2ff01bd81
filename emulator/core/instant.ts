// Instants as the emulator takes them from its users. Two rules:
// - A date-time from an API is RFC 3339 (`2026-03-02T09:00:00Z`, `2020-04-08T14:05:22.790896-07:00`): a real
//   calendar date and time with an explicit offset (days per month, leap years, hours ≤ 23, seconds ≤ 59), because
//   Date.parse is lenient: it reads 2026-02-30 as 2 March and "March 7" as local time. Years have four digits, so
//   every accepted date-time is one Date can hold and print. Checked by hand rather than with zod's pattern: import
//   files are parsed on worker threads, which would each load zod (~80 ms) for this one check.
// - The virtual clock stays within CLOCK_RANGE, whole milliseconds: far enough for any test, and every instant in
//   it prints as a plain `YYYY-MM-DDTHH:mm:ss.sssZ` (Date refuses to print beyond ±8.64e15 ms, which is what made
//   a clock advanced by 1e308 take the process down).

export const MIN_INSTANT = Date.UTC(1970, 0, 1);
export const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const CLOCK_RANGE = `${new Date(MIN_INSTANT).toISOString()} .. ${new Date(MAX_INSTANT).toISOString()}`;

/** Longer than any sensible date-time (nanoseconds and an offset fit in 35 characters). */
export const MAX_DATE_TIME_LENGTH = 64;

// RFC 3339 §5.6 `date-time`; `t` and `z` may be lower case (§5.6, note).
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:[Zz]|[+-](\d\d):(\d\d))$/;

/** Whether the text is an RFC 3339 date-time. */
export function isRfc3339(text: string): boolean {
  if (text.length < 20 || text.length > MAX_DATE_TIME_LENGTH) return false;
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  return m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch milliseconds of an RFC 3339 date-time, or undefined when the value is not one. */
export function parseRfc3339(value: unknown): number | undefined {
  if (typeof value !== 'string' || !isRfc3339(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Whether the value is an instant the virtual clock may show: whole milliseconds within CLOCK_RANGE. */
export function inClockRange(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= MIN_INSTANT && ms <= MAX_INSTANT;
}
