import { createPublicKey } from 'node:crypto';
import { compactVerify, decodeJwt, type JWTPayload } from 'jose';
import { describeClaim, describeSeconds, numericDate } from '../../core/auth/numeric-date.js';
import type { VirtualClock } from '../../core/clock.js';
import type { ConnectedApp, OrgUser } from '../model.js';
import type { SalesforceRepository } from '../repository.js';
import { refusals } from './refusals.js';

// The OAuth 2.0 JWT bearer grant (RFC 7523) as Salesforce checks it: `iss` names the connected app, the
// signature is RS256 by the key of the certificate uploaded to it, `aud` is a login host (or this emulator),
// `exp` is ahead on the virtual clock by at most 3 minutes, and `sub` is a user of the app's org who approved
// the app. `iat` and `nbf`, when sent, must be NumericDates too.

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Salesforce's JWT bearer flow documents `exp` as "the expiration time of the assertion within 3 minutes".
 * Salesforce answers time claims it does not accept with `expired authorization code`, whichever side of the
 * window they fall on.
 */
export const MAX_ASSERTION_LIFETIME_SECONDS = 180;

export const LOGIN_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

export async function verifyAssertion(
  assertion: string | null,
  deps: { repo: SalesforceRepository; clock: VirtualClock; audiences: readonly string[] },
): Promise<{ app: ConnectedApp; user: OrgUser }> {
  if (!assertion) throw refusals.invalidAssertion('no assertion parameter was sent');
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw refusals.invalidAssertion('the assertion is not a compact JWT');
  }
  const app = typeof claims.iss === 'string' ? deps.repo.app(claims.iss) : undefined;
  if (!app) throw refusals.unknownClient(`iss ${describeClaim(claims.iss)} is not the consumer key of a connected app`);
  if (!app.certificate) throw refusals.invalidAssertion(`connected app ${app.name} has no certificate for digital signatures`);
  try {
    // createPublicKey takes the uploaded certificate or a bare public key alike.
    await compactVerify(assertion, createPublicKey(app.certificate), { algorithms: ['RS256'] });
  } catch (error) {
    throw refusals.invalidAssertion(`the RS256 signature does not verify with ${app.name}'s certificate: ${(error as Error).message}`);
  }
  const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).filter((a): a is string => typeof a === 'string');
  if (!audiences.some((a) => deps.audiences.includes(a.replace(/\/$/, '')))) {
    throw refusals.audience(`aud ${audiences.join(', ') || '(missing)'} is none of ${deps.audiences.join(', ')}`);
  }
  checkTimes(claims, deps.clock);
  const user = typeof claims.sub === 'string' ? deps.repo.user(claims.sub) : undefined;
  if (!user || user.orgId !== app.orgId) throw refusals.notApproved(`sub ${describeClaim(claims.sub)} is not a user of the app's org ${app.orgId}`);
  if (!user.approvedApps.includes(app.consumerKey)) throw refusals.notApproved(`${user.username} has not approved or been pre-authorized for ${app.name}`);
  return { app, user };
}

function checkTimes(claims: JWTPayload, clock: VirtualClock): void {
  for (const name of ['iat', 'nbf']) {
    const value = numericDate(claims, name);
    if (typeof value === 'string' && value !== 'missing') {
      throw refusals.invalidAssertion(`${name} ${describeSeconds(claims[name])} is ${value}: send seconds since the epoch`);
    }
  }
  // A finite number out of any clock's range (1e20) is only out of the window; Infinity (1e400) is no time.
  const exp = claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw refusals.invalidAssertion(exp === undefined ? 'the assertion has no exp' : `exp ${describeClaim(exp)} is not a NumericDate: send seconds since the epoch`);
  }
  const now = clock.now() / 1000;
  if (exp <= now) throw refusals.expiredAssertion(`exp ${describeSeconds(exp)} is not after the emulator clock ${clock.iso()}`);
  if (exp > now + MAX_ASSERTION_LIFETIME_SECONDS) {
    throw refusals.expiredAssertion(
      `exp ${describeSeconds(exp)} is more than ${MAX_ASSERTION_LIFETIME_SECONDS / 60} minutes after the emulator clock ${clock.iso()} (milliseconds instead of seconds?)`,
    );
  }
}
