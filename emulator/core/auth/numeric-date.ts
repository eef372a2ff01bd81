// JWT time claims (RFC 7519 NumericDate: seconds since the epoch) as clients send them: any JSON value at all.
// A claim is usable only as a finite number within the range a Date can hold; `1e400` parses to Infinity and
// `1e20` is a number no clock reaches, so neither may end up in arithmetic or in `new Date(…).toISOString()`
// (which throws past ±8.64e15 ms).

/** The largest NumericDate a JavaScript Date can represent (8.64e15 ms). */
const MAX_SECONDS = 8.64e12;

export type ClaimProblem = 'missing' | 'not a number' | 'out of range';

/** The claim's value, or what is wrong with it. */
export function numericDate(claims: Record<string, unknown>, name: string): number | ClaimProblem {
  const value = claims[name];
  if (value === undefined) return 'missing';
  if (typeof value !== 'number') return 'not a number';
  if (!Number.isFinite(value) || Math.abs(value) > MAX_SECONDS) return 'out of range';
  return value;
}

/** A NumericDate for a message: ISO when a Date can show it, else as `describeClaim` shows any value. */
export function describeSeconds(seconds: unknown): string {
  if (typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) <= MAX_SECONDS) {
    return new Date(seconds * 1000).toISOString();
  }
  return describeClaim(seconds);
}

/**
 * Any claim value for a message, without trusting it: String() throws on `{"toString": 1}` and JSON.stringify
 * on a value nested thousands of levels deep, and both are what a hostile token may carry.
 */
export function describeClaim(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return '(missing)';
  return Array.isArray(value) ? 'an array' : 'an object';
}
