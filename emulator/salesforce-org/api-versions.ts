import { AppError, GenericCode } from '../core/errors/app-error.js';

// API versions in `/services/data/vXX.X/…` and `/services/Soap/u/XX.X`. Versions 31.0 up to the release the
// emulator plays (Spring '26, 66.0) answer; 21.0–30.0 and older are retired (REST 410, SOAP
// UNSUPPORTED_API_VERSION); anything newer does not exist yet (REST 404).

export const MIN_API_VERSION = 31;
export const MAX_API_VERSION = 66;
/** The OCI objects and Connect resources arrived in 51.0. */
export const OCI_API_SINCE = 51;

export type VersionCheck = { ok: true; version: number } | { ok: false; reason: 'retired' | 'unknown' };

/** `62.0` or `v62.0` (the leading `v` only where `withV` says so). */
export function checkVersion(text: string, withV: boolean): VersionCheck {
  const m = (withV ? /^v(\d{1,3})\.0$/ : /^(\d{1,3})\.0$/).exec(text);
  if (!m) return { ok: false, reason: 'unknown' };
  const version = Number(m[1]);
  if (version < MIN_API_VERSION) return { ok: false, reason: 'retired' };
  if (version > MAX_API_VERSION) return { ok: false, reason: 'unknown' };
  return { ok: true, version };
}

/** The version of a REST path segment (`v62.0`), or the REST error Salesforce gives for it. */
export function restVersion(segment: string): number {
  const check = checkVersion(segment, true);
  if (check.ok) return check.version;
  if (check.reason === 'retired') {
    throw new AppError(410, 'GONE', 'The requested resource has been retired or removed. Update the API version in the request URL.', {
      explain: `API versions below ${MIN_API_VERSION}.0 are retired`,
    });
  }
  throw new AppError(404, GenericCode.RouteNotFound, 'The requested resource does not exist', {
    explain: `${segment} is not an API version this org serves (${MIN_API_VERSION}.0–${MAX_API_VERSION}.0)`,
  });
}

/** `Spring '26` for 66.0: three releases a year, Winter '11 being 20.0. */
export function releaseLabel(version: number): string {
  const k = version - 20;
  const season = ['Winter', 'Spring', 'Summer'][((k % 3) + 3) % 3]!;
  const year = 11 + Math.floor(k / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

/** `GET /services/data/`: every version the org answers, oldest first. */
export function versionList(): { label: string; url: string; version: string }[] {
  const out = [];
  for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v++) {
    out.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return out;
}
