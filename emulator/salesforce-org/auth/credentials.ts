import { createHmac } from 'node:crypto';
import { secretMatchesHash } from '../../core/secrets.js';
import type { ConnectedApp, OrgUser } from '../model.js';

// What a caller proves: a user's password (API logins may append the security token; the emulator accepts the
// password alone too, as Salesforce does from a trusted IP range) and a connected app's consumer secret.

export function passwordMatches(user: OrgUser, presented: string): boolean {
  if (secretMatchesHash(user.passwordSalt, user.passwordHash, presented)) return true;
  const token = user.securityToken;
  return (
    token.length > 0 &&
    presented.length > token.length &&
    presented.endsWith(token) &&
    secretMatchesHash(user.passwordSalt, user.passwordHash, presented.slice(0, -token.length))
  );
}

export function consumerSecretMatches(app: ConnectedApp, presented: string): boolean {
  return secretMatchesHash(app.consumerSecretSalt, app.consumerSecretHash, presented);
}

/** The `signature` of a token response: HMAC-SHA256 of the identity URL and `issued_at`, keyed by the consumer secret. */
export function responseSignature(consumerSecret: string, id: string, issuedAt: string): string {
  return createHmac('sha256', consumerSecret).update(id + issuedAt).digest('base64');
}
