import type { LaneHandler, LaneRequest, LaneResponse } from '../http/fast-lane.js';
import { AppError, GenericCode } from '../errors/app-error.js';
import type { Authenticator } from './authenticator.js';
import { principalLabel, type Principal } from './principal.js';

// The one guard every protected route uses: bearer token → principal → scopes → tenant. Failures are
// AppErrors, so each API renders its own 401/403.

export interface AuthRule {
  /** The route needs at least one of these scopes. */
  anyScope?: readonly string[];
  /** Which kinds of principal may call at all. */
  principals?: readonly Principal['kind'][];
  /** Decides whether the principal may act on the tenant the request names; throws or returns an AppError to refuse. */
  tenant?: (req: LaneRequest, principal: Principal) => TenantDecision;
  /** Extra check after scopes (roles, for instance). */
  check?: (principal: Principal) => AppError | undefined;
}

export type TenantDecision = { tenant: string } | AppError;

/** A guard that runs on Express and on the fast lane alike. */
export function requireAuth(authenticator: Authenticator, rule: AuthRule = {}): LaneHandler {
  const decide = (req: LaneRequest, res: LaneResponse, principal: Principal): void => {
    res.locals.principal = principal;
    // A token of another product is simply not a session this API knows.
    if (rule.principals && !rule.principals.includes(principal.kind)) {
      throw new AppError(401, GenericCode.InvalidToken, 'The access token is not valid for this API', {
        explain: `a ${principal.kind} token is not accepted here`,
      });
    }
    if (rule.anyScope && !rule.anyScope.some((s) => principal.scopes.has(s))) {
      throw new AppError(403, GenericCode.InsufficientScope, `The access token lacks a required scope: one of ${rule.anyScope.join(', ')}`, {
        explain: `token scopes: ${[...principal.scopes].join(' ') || '(none)'}`,
      });
    }
    const refused = rule.check?.(principal);
    if (refused) throw refused;
    if (rule.tenant) {
      const decision = rule.tenant(req, principal);
      if (decision instanceof AppError) throw decision;
      res.locals.tenant = decision.tenant;
    }
  };
  return (req, res, next) => {
    try {
      const token = bearerToken(req.headers.authorization);
      // Tokens seen before are answered without a promise; new ones are verified once, asynchronously.
      const known = authenticator.known(token);
      if (known) {
        decide(req, res, known);
        return next();
      }
      authenticator.authenticate(token).then(
        (principal) => {
          try {
            decide(req, res, principal);
          } catch (error) {
            return next(error);
          }
          next();
        },
        next,
      );
    } catch (error) {
      next(error);
    }
  };
}

/** The client named in the journal for a request. */
export function clientOf(principal: Principal | undefined): string | undefined {
  return principal ? principalLabel(principal) : undefined;
}

function bearerToken(header: string | string[] | undefined): string {
  if (Array.isArray(header)) header = header[0];
  if (!header) {
    throw new AppError(401, GenericCode.Unauthorized, 'Authorization header is missing', { explain: 'no Authorization header' });
  }
  // Tokens are long: a plain prefix check and trim cost less than a regular expression over the whole header.
  const token = header.length > 7 && header.slice(0, 7).toLowerCase() === 'bearer ' ? header.slice(7).trim() : '';
  if (!token || /\s/.test(token)) {
    throw new AppError(401, GenericCode.MalformedAuthorization, 'Authorization header must be "Bearer <access token>"', {
      explain: 'Authorization header is not a bearer token',
    });
  }
  return token;
}
