// Text helpers shared by the charts and the page. Report strings come from users (scenario names, SKUs, places,
// narrative lines), so everything that reaches the HTML goes through `esc`. Times are the emulator's virtual
// time and are always shown in UTC: the page must not depend on the time zone of the machine rendering it.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Milliseconds since the epoch, or undefined for a time that does not parse (a report edited by hand). */
export function toMillis(at: string): number | undefined {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2025-03-01 08:15:00 UTC`, or the raw string when it is not a time. */
export function formatDateTime(at: string): string {
  const ms = toMillis(at);
  if (ms === undefined) return at;
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${formatClock(ms)} UTC`;
}

function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * A time inside the report, for tables and timelines: the clock time, prefixed with the date only when it is not
 * the report's first day (most scenarios fit in one virtual day, where the date is noise).
 */
export function formatTime(at: string, reportStart: string): string {
  const ms = toMillis(at);
  if (ms === undefined) return at;
  const start = toMillis(reportStart);
  const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
  return start !== undefined && day(start) === day(ms) ? formatClock(ms) : `${day(ms)} ${formatClock(ms)}`;
}

/** `+1h 05m`, `+12m 30s`, `+45s`: how far into the run a moment is, which trainers read faster than clock times. */
export function formatOffset(at: string, reportStart: string): string {
  const ms = toMillis(at);
  const start = toMillis(reportStart);
  if (ms === undefined || start === undefined) return '';
  const sign = ms < start ? '−' : '+';
  const total = Math.round(Math.abs(ms - start) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${sign}${h}h ${pad(m)}m`;
  if (m > 0) return `${sign}${m}m ${pad(s)}s`;
  return `${sign}${s}s`;
}

/** Virtual duration between two times, `2h 10m` style; empty when either does not parse. */
export function formatDuration(from: string, to: string): string {
  const offset = formatOffset(to, from);
  return offset.startsWith('+') ? offset.slice(1) : '';
}

/** Thousands separators without the machine's locale (determinism). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int = '', frac] = String(Math.abs(n)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '−' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}
