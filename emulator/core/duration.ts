import { CLOCK_RANGE, inClockRange, MAX_INSTANT, parseRfc3339 } from './instant.js';

// What the control plane takes to move the clock: durations as whole milliseconds or ISO 8601 (`PT30M`, `P1DT2H`,
// `PT1.5S`), instants as epoch milliseconds or an RFC 3339 date-time. Years and months have no fixed length, so
// they are refused rather than guessed; nothing may take the clock out of CLOCK_RANGE.

const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const MS = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };

/** No duration or instant is written with more characters than this. */
const MAX_TEXT = 64;

/** The longest duration there is: the whole clock range. */
export const MAX_DURATION_MS = MAX_INSTANT;

export class DurationError extends Error {}

export function parseDuration(input: unknown): number {
  if (typeof input === 'number') return wholeDuration(input, String(input));
  if (typeof input !== 'string' || input.trim() === '') {
    throw new DurationError('A duration is a whole number of milliseconds or an ISO 8601 duration such as "PT30M"');
  }
  if (input.length > MAX_TEXT) throw new DurationError(`A duration is at most ${MAX_TEXT} characters`);
  const text = input.trim().toUpperCase();
  if (/^\d+$/.test(text)) return wholeDuration(Number(text), input);
  const m = ISO_DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    if (/^P[^T]*[YM]/.test(text)) {
      throw new DurationError(`"${input}": years and months have no fixed length; use weeks, days, hours, minutes or seconds`);
    }
    throw new DurationError(`"${input}" is not an ISO 8601 duration (examples: PT30M, PT1800S, P1DT2H)`);
  }
  const [, w, d, h, min, s] = m;
  const total = num(w) * MS.week + num(d) * MS.day + num(h) * MS.hour + num(min) * MS.minute + num(s) * MS.second;
  // Decimal fractions in binary: PT1.1S is 1100.0000000000002 ms, still a whole number of milliseconds.
  const rounded = Math.round(total);
  if (Math.abs(total - rounded) > 1e-6) throw new DurationError(`"${input}" is not a whole number of milliseconds`);
  return wholeDuration(rounded, input);
}

function wholeDuration(ms: number, shown: string): number {
  if (!Number.isFinite(ms) || ms < 0) throw new DurationError(`A duration must be a finite number of milliseconds ≥ 0, got ${shown}`);
  if (!Number.isInteger(ms)) throw new DurationError(`A duration is a whole number of milliseconds, got ${shown}`);
  if (ms > MAX_DURATION_MS) throw new DurationError(`A duration is at most ${MAX_DURATION_MS} ms (the clock's range is ${CLOCK_RANGE}), got ${shown}`);
  return ms;
}

function num(part: string | undefined): number {
  return part === undefined ? 0 : Number(part);
}

/** An instant the clock may be set to: epoch milliseconds (a number or digits) or an RFC 3339 date-time, within CLOCK_RANGE. */
export function parseInstant(input: unknown): number {
  const ms =
    typeof input === 'number'
      ? input
      : typeof input === 'string' && /^\d{1,16}$/.test(input)
        ? Number(input)
        : parseRfc3339(input);
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new DurationError('A point in time is epoch milliseconds or an RFC 3339 date-time such as "2026-01-01T00:00:00Z"');
  }
  if (!inClockRange(ms)) {
    throw new DurationError(`A point in time must be whole milliseconds within ${CLOCK_RANGE}, got ${typeof input === 'string' ? JSON.stringify(input.slice(0, MAX_TEXT)) : String(input)}`);
  }
  return ms;
}
