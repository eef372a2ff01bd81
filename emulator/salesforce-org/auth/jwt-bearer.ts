import { createPublicKey } from 'node:crypto';
import { compactVerify, decodeJwt, type JWTPayload } from 'jose';
import type { VirtualClock } from '../../core/clock.js';
import type { ConnectedApp, OrgUser } from '../model.js';
import type { SalesforceRepository } from '../repository.js';
import { refusals } from './refusals.js';

// The OAuth 2.0 JWT bearer grant (RFC 7523) as Salesforce checks it: `iss` names the connected app, the
// signature is RS256 by the key of the certificate uploaded to it, `aud` is a login host (or this emulator),
// `exp` is still ahead on the virtual clock, and `sub` is a user of the app's org who approved the app.

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

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
  if (!app) throw refusals.unknownClient(`iss ${String(claims.iss ?? '(missing)')} is not the consumer key of a connected app`);
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
  if (typeof claims.exp !== 'number') throw refusals.invalidAssertion('the assertion has no numeric exp');
  if (claims.exp * 1000 <= deps.clock.now()) {
    throw refusals.expiredAssertion(`exp ${new Date(claims.exp * 1000).toISOString()} is not after the emulator clock ${deps.clock.iso()}`);
  }
  const user = typeof claims.sub === 'string' ? deps.repo.user(claims.sub) : undefined;
  if (!user || user.orgId !== app.orgId) throw refusals.notApproved(`sub ${String(claims.sub ?? '(missing)')} is not a user of the app's org ${app.orgId}`);
  if (!user.approvedApps.includes(app.consumerKey)) throw refusals.notApproved(`${user.username} has not approved or been pre-authorized for ${app.name}`);
  return { app, user };
}
