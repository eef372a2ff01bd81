import { SignJWT, type JWTPayload } from 'jose';
import { JwtResolver, type TokenResolver } from '../../core/auth/authenticator.js';
import type { SigningKeys } from '../../core/auth/keys.js';
import type { Principal, SalesforceOrgPrincipal } from '../../core/auth/principal.js';
import type { VirtualClock } from '../../core/clock.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Rng } from '../../core/rng.js';

// Org sessions (OAuth access tokens and SOAP session ids) look like Salesforce's, `<15-char org id>!<opaque>`.
// The opaque part is a JWT signed with the emulator's key under an issuer of its own, so a session needs no
// server-side state and stays valid across restarts for its two hours on the virtual clock.

export const ORG_TOKEN_ISSUER = 'urn:oci-emulator:salesforce-org';
export const ORG_SESSION_SECONDS = 7200;

export interface SessionGrant {
  orgId: string;
  userId: string;
  username: string;
  /** Consumer key of the connected app; undefined for a SOAP login. */
  clientId: string | undefined;
  scopes: readonly string[];
}

export class OrgTokens {
  readonly #keys: SigningKeys;
  readonly #clock: VirtualClock;
  readonly #ids: Rng;
  readonly #jwt: JwtResolver;

  constructor(deps: { keys: SigningKeys; clock: VirtualClock; ids: Rng }) {
    this.#keys = deps.keys;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#jwt = new JwtResolver({ issuer: ORG_TOKEN_ISSUER, publicKey: deps.keys.publicKey, clock: deps.clock, toPrincipal });
  }

  async issue(grant: SessionGrant): Promise<string> {
    const now = this.#clock.epochSeconds();
    const claims: JWTPayload = {
      org: grant.orgId,
      usr: grant.username,
      scp: [...grant.scopes],
      ...(grant.clientId ? { cid: grant.clientId } : {}),
    };
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.#keys.kid })
      .setIssuer(ORG_TOKEN_ISSUER)
      .setSubject(grant.userId)
      .setIssuedAt(now)
      .setExpirationTime(now + ORG_SESSION_SECONDS)
      .setJti(this.#ids.alnum(20))
      .sign(this.#keys.privateKey);
    return `${grant.orgId.slice(0, 15)}!${jwt}`;
  }

  /** Tokens without the `<org id>!` shape are someone else's (Account Manager's JWTs, for instance). */
  resolver(): TokenResolver {
    const SHAPE = /^(00D[a-zA-Z0-9]{12})!(.+)$/;
    const sameOrg = (prefix: string, principal: Principal | undefined): Principal | undefined => {
      if (!principal) return undefined;
      if (principal.kind !== 'salesforce-org' || principal.orgId.slice(0, 15) !== prefix) {
        throw new AppError(401, GenericCode.InvalidToken, 'Session expired or invalid', { explain: 'the org id before "!" does not match the session' });
      }
      return principal;
    };
    return {
      resolve: async (token) => {
        const m = SHAPE.exec(token);
        return m ? sameOrg(m[1]!, await this.#jwt.resolve(m[2]!)) : undefined;
      },
      known: (token) => {
        const m = SHAPE.exec(token);
        return m ? sameOrg(m[1]!, this.#jwt.known(m[2]!)) : undefined;
      },
    };
  }
}

function toPrincipal(payload: JWTPayload): SalesforceOrgPrincipal {
  return {
    kind: 'salesforce-org',
    orgId: String(payload.org),
    userId: String(payload.sub),
    username: String(payload.usr),
    clientId: typeof payload.cid === 'string' ? payload.cid : undefined,
    scopes: new Set(Array.isArray(payload.scp) ? payload.scp.map(String) : []),
    expiresAt: (payload.exp ?? 0) * 1000,
  };
}
