// Durations reach the control plane as milliseconds or ISO 8601 (`PT30M`, `P1DT2H`, `PT1.5S`).
// Years and months have no fixed length, so they are refused rather than guessed.

const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const MS = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };

export class DurationError extends Error {}

export function parseDuration(input: unknown): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new DurationError(`A duration in milliseconds must be a finite number ≥ 0, got ${input}`);
    return Math.round(input);
  }
  if (typeof input !== 'string' || input.trim() === '') {
    throw new DurationError('A duration is a number of milliseconds or an ISO 8601 duration such as "PT30M"');
  }
  const text = input.trim().toUpperCase();
  if (/^\d+$/.test(text)) return Number(text);
  const m = ISO_DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    if (/^P[^T]*[YM]/.test(text)) {
      throw new DurationError(`"${input}": years and months have no fixed length; use weeks, days, hours, minutes or seconds`);
    }
    throw new DurationError(`"${input}" is not an ISO 8601 duration (examples: PT30M, PT1800S, P1DT2H)`);
  }
  const [, w, d, h, min, s] = m;
  const total = num(w) * MS.week + num(d) * MS.day + num(h) * MS.hour + num(min) * MS.minute + num(s) * MS.second;
  return Math.round(total);
}

function num(part: string | undefined): number {
  return part === undefined ? 0 : Number(part);
}

export function parseInstant(input: unknown): number {
  if (typeof input === 'number' && Number.isFinite(input)) return input;
  if (typeof input === 'string' && input.trim() !== '') {
    const t = /^\d+$/.test(input) ? Number(input) : Date.parse(input);
    if (Number.isFinite(t)) return t;
  }
  throw new DurationError('A point in time is epoch milliseconds or an ISO 8601 date-time such as "2026-01-01T00:00:00Z"');
}
