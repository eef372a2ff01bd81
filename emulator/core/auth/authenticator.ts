import { decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload, type KeyObject } from 'jose';
import { AppError, GenericCode } from '../errors/app-error.js';
import type { VirtualClock } from '../clock.js';
import type { Principal } from './principal.js';

// Turns a bearer token into a Principal. Every issuer the emulator plays (Account Manager, later the Salesforce
// org) registers a resolver; the first that recognises the token decides. Expiry is judged on the virtual clock.

export interface TokenResolver {
  /** undefined: not my token. Throws an AppError when it is mine but unusable. */
  resolve(token: string): Promise<Principal | undefined>;
  /** The same answer without waiting, when the resolver already knows the token; undefined otherwise. */
  known?(token: string): Principal | undefined;
}

export class Authenticator {
  #resolvers: TokenResolver[] = [];

  add(resolver: TokenResolver): void {
    this.#resolvers.push(resolver);
  }

  /** A token some resolver has already verified (the common case on hot paths), without a promise. */
  known(token: string): Principal | undefined {
    for (const resolver of this.#resolvers) {
      const principal = resolver.known?.(token);
      if (principal) return principal;
    }
    return undefined;
  }

  async authenticate(token: string): Promise<Principal> {
    for (const resolver of this.#resolvers) {
      const principal = await resolver.resolve(token);
      if (principal) return principal;
    }
    throw invalidToken('The access token is not one this emulator issued', 'unknown issuer or malformed token');
  }
}

export interface JwtResolverOptions {
  /** The issuer, or a test of it (SLAS names each tenant: `slas/prod/<tenant>`). */
  issuer: string | ((iss: string) => boolean);
  /** RS256 unless said otherwise. */
  algorithms?: string[];
  publicKey: KeyObject;
  clock: VirtualClock;
  toPrincipal(payload: JWTPayload): Principal;
  /** Whether the token was revoked since it was issued (a SLAS logout); checked on every use, cached or not. */
  revoked?(principal: Principal): boolean;
  cacheSize?: number;
}

/** JWTs of one issuer (RS256 unless said otherwise). Verified signatures are cached by token; expiry is checked on every use. */
export class JwtResolver implements TokenResolver {
  readonly #o: JwtResolverOptions;
  readonly #cache = new Map<string, Principal>();
  readonly #cacheSize: number;

  constructor(options: JwtResolverOptions) {
    this.#o = options;
    this.#cacheSize = options.cacheSize ?? 10_000;
  }

  known(token: string): Principal | undefined {
    const cached = this.#cache.get(token);
    return cached ? this.#unexpired(cached) : undefined;
  }

  async resolve(token: string): Promise<Principal | undefined> {
    const cached = this.#cache.get(token);
    if (cached) return this.#unexpired(cached);
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      return undefined;
    }
    const issuer = this.#o.issuer;
    if (typeof claims.iss !== 'string' || (typeof issuer === 'string' ? claims.iss !== issuer : !issuer(claims.iss))) return undefined;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#o.publicKey, {
        ...(typeof issuer === 'string' ? { issuer } : {}),
        algorithms: this.#o.algorithms ?? ['RS256'],
        currentDate: this.#o.clock.date(),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw expired();
      throw invalidToken('The access token is invalid', `signature or claims rejected: ${(error as Error).message}`);
    }
    const principal = this.#unexpired(this.#o.toPrincipal(payload));
    if (this.#cache.size >= this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(token, principal);
    return principal;
  }

  #unexpired(principal: Principal): Principal {
    if (principal.expiresAt <= this.#o.clock.now()) throw expired();
    if (this.#o.revoked?.(principal)) throw invalidToken('The access token is invalid', 'the token was revoked (logout)');
    return principal;
  }
}

function invalidToken(message: string, explain: string): AppError {
  return new AppError(401, GenericCode.InvalidToken, message, { explain });
}

function expired(): AppError {
  return new AppError(401, GenericCode.TokenExpired, 'The access token has expired', { explain: 'token exp is in the past on the emulator clock' });
}
