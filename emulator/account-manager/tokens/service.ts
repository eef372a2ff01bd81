import { createPublicKey } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { describeClaim, numericDate } from '../../core/auth/numeric-date.js';
import type { VirtualClock } from '../../core/clock.js';
import { AppError } from '../../core/errors/app-error.js';
import type { Rng } from '../../core/rng.js';
import type { SigningKeys } from '../../core/auth/keys.js';
import type { AccountManagerPrincipal } from '../../core/auth/principal.js';
import { secretMatches } from '../api-clients/service.js';
import { presentedClient, type PresentedClient } from './requests.js';
import { COMMERCE_API_ROLE, type StoredApiClient } from '../model.js';
import type { AmRepository } from '../repository.js';
import { parseTenantFilter, tenantAllowed } from '../role-tenant-filter.js';

// POST /dwsso/oauth2/access_token, grant_type=client_credentials: who is asking, what they may have, and the
// ForgeRock-style stateless JWT Account Manager hands out (30 minutes on the emulator's clock).

export const TOKEN_LIFETIME_SECONDS = 1800;
export const TENANT_SCOPE_PREFIX = 'SALESFORCE_COMMERCE_API:';

export interface TokenRequest {
  authorization: string | undefined;
  params: URLSearchParams;
  /** URLs a client assertion may name as audience (the real endpoint and this emulator's). */
  assertionAudiences: string[];
}

export interface TokenResponse {
  access_token: string;
  scope: string;
  token_type: 'Bearer';
  expires_in: number;
}

export class AmTokenService {
  readonly issuer: string;
  readonly #repo: AmRepository;
  readonly #clock: VirtualClock;
  readonly #ids: Rng;
  readonly #keys: SigningKeys;

  constructor(options: { issuer: string; repo: AmRepository; clock: VirtualClock; ids: Rng; keys: SigningKeys }) {
    this.issuer = options.issuer;
    this.#repo = options.repo;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#keys = options.keys;
  }

  async issue(request: TokenRequest): Promise<{ response: TokenResponse; clientId: string }> {
    const presented = presentedClient(request.authorization, request.params);
    const client = await this.#authenticate(presented, request.assertionAudiences);
    const grantType = request.params.get('grant_type');
    if (!grantType) throw oauth(400, 'invalid_request', 'Grant type is not set');
    if (grantType !== 'client_credentials') {
      throw oauth(400, 'unsupported_grant_type', 'Grant type is not supported', {
        explain: `the emulator's Account Manager issues tokens for client_credentials only, not ${grantType}`,
      });
    }
    const scopes = this.#grantedScopes(client, request.params.get('scope'));
    const token = await this.#sign(client, scopes);
    this.#noteAuthentication(client);
    return {
      response: { access_token: token, scope: scopes.join(' '), token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS - 1 },
      clientId: client.id,
    };
  }

  /** Verified AM tokens become principals; roles are the client's as they stand now. */
  toPrincipal(payload: JWTPayload): AccountManagerPrincipal {
    const scopes = Array.isArray(payload.scope) ? payload.scope.map(String) : String(payload.scope ?? '').split(' ').filter(Boolean);
    const tenantScope = scopes.find((s) => s.startsWith(TENANT_SCOPE_PREFIX));
    const clientId = String(payload.client_id ?? payload.sub);
    return {
      kind: 'account-manager',
      clientId,
      scopes: new Set(scopes),
      tenant: tenantScope?.slice(TENANT_SCOPE_PREFIX.length),
      roles: this.#repo.client(clientId)?.roles ?? [],
      expiresAt: (payload.exp ?? 0) * 1000,
    };
  }

  async #authenticate(presented: PresentedClient, audiences: string[]): Promise<StoredApiClient> {
    switch (presented.via) {
      case 'none':
        throw invalidClient('post', 'no client credentials were presented');
      case 'public': {
        const client = this.#repo.client(presented.clientId);
        if (!client) throw invalidClient('post', `unknown client id ${presented.clientId}`);
        throw oauth(400, 'unauthorized_client', 'Public clients can\u2019t use client credentials grant.', {
          explain: 'client_id was sent without client_secret or client_assertion',
        });
      }
      case 'basic':
      case 'post': {
        const client = this.#repo.client(presented.clientId);
        if (!client) throw invalidClient(presented.via, `unknown client id ${presented.clientId}`);
        if (!secretMatches(client, presented.secret)) throw invalidClient(presented.via, 'wrong client secret');
        if (client.tokenEndpointAuthMethod === 'private_key_jwt') {
          throw invalidClient(presented.via, 'this client authenticates with private_key_jwt, not a secret');
        }
        if (client.tokenEndpointAuthMethod === 'none') throw invalidClient(presented.via, 'this is a public client');
        return this.#requireActive(client, presented.via);
      }
      case 'assertion':
        return this.#requireActive(await this.#verifyAssertion(presented.assertion, presented.clientId, audiences), 'assertion');
    }
  }

  #requireActive(client: StoredApiClient, via: PresentedClient['via']): StoredApiClient {
    if (!client.active) throw invalidClient(via, 'the API client is inactive; activate it in Account Manager first');
    return client;
  }

  async #verifyAssertion(assertion: string, clientIdParam: string | undefined, audiences: string[]): Promise<StoredApiClient> {
    let claims: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('claims are not an object');
      claims = parsed as Record<string, unknown>;
    } catch {
      throw oauth(400, 'invalid_request', 'Invalid client assertion', { explain: 'client_assertion is not a JWT' });
    }
    const named = clientIdParam ?? claims.iss ?? claims.sub;
    const clientId = typeof named === 'string' ? named : undefined;
    const client = clientId ? this.#repo.client(clientId) : undefined;
    if (!client) throw invalidClient('assertion', `unknown client id ${describeClaim(named)}`);
    if (!client.jwtPublicKey) throw invalidClient('assertion', 'the client has no registered public key');
    try {
      const { payload } = await jwtVerify(assertion, createPublicKey(client.jwtPublicKey), {
        audience: audiences,
        currentDate: this.#clock.date(),
        requiredClaims: ['exp', 'iss', 'sub'],
      });
      if (payload.iss !== client.id || payload.sub !== client.id) throw new Error('iss and sub must both be the client id');
      // jose checks that time claims are numbers, but lets 1e400 (Infinity) and numbers no clock reaches through.
      for (const name of ['exp', 'iat', 'nbf']) {
        if (numericDate(payload, name) === 'out of range') throw new Error(`${name} ${describeClaim(payload[name])} is not a usable NumericDate`);
      }
    } catch (error) {
      throw invalidClient('assertion', `client assertion rejected: ${(error as Error).message}`);
    }
    return client;
  }

  #grantedScopes(client: StoredApiClient, requested: string | null): string[] {
    const asked = (requested ?? '').split(/\s+/).filter(Boolean);
    const tenantScopes = asked.filter((s) => s === 'SALESFORCE_COMMERCE_API' || s.startsWith(TENANT_SCOPE_PREFIX));
    const plain = asked.filter((s) => !tenantScopes.includes(s));
    if (tenantScopes.length > 1) {
      throw oauth(400, 'invalid_scope', `Unknown/invalid tenant scope: ${tenantScopes.join(' ')}`, {
        explain: 'a token request names exactly one instance',
      });
    }
    const tenantScope = tenantScopes[0];
    if (tenantScope !== undefined) {
      const tenant = tenantScope.slice(TENANT_SCOPE_PREFIX.length);
      const filter = safeFilter(client.roleTenantFilter);
      if (!tenant || !client.roles.includes(COMMERCE_API_ROLE) || !tenantAllowed(filter, COMMERCE_API_ROLE, tenant)) {
        throw oauth(400, 'invalid_scope', `Unknown/invalid tenant scope: ${tenantScope}`, {
          explain: client.roles.includes(COMMERCE_API_ROLE)
            ? `${tenant || '(empty)'} is not in the client's tenant filter for the Salesforce Commerce API role (${client.roleTenantFilter ?? 'none'})`
            : 'the client does not hold the Salesforce Commerce API role',
        });
      }
    }
    const allowed = new Set([...client.scopes, ...client.defaultScopes]);
    const unknown = plain.filter((s) => !allowed.has(s));
    if (unknown.length > 0) {
      throw oauth(400, 'invalid_scope', `Unknown/invalid scope(s): [${unknown.join(', ')}]`, {
        explain: `allowed scopes of the client: ${[...allowed].join(' ') || '(none)'}`,
      });
    }
    const granted = plain.length > 0 ? dedupe(plain) : [...client.defaultScopes];
    if (tenantScope !== undefined) granted.push(tenantScope);
    if (granted.length === 0) throw oauth(400, 'invalid_scope', 'No scope requested and no default scope configured');
    return granted;
  }

  async #sign(client: StoredApiClient, scopes: string[]): Promise<string> {
    const now = this.#clock.epochSeconds();
    const claims: JWTPayload = {
      sub: client.id,
      cts: 'OAUTH2_STATELESS_GRANT',
      auditTrackingId: `${this.#ids.uuid()}-${this.#ids.int(100000, 999999)}`,
      subname: client.id,
      iss: this.issuer,
      tokenName: 'access_token',
      token_type: 'Bearer',
      authGrantId: this.#ids.alnum(27),
      aud: client.id,
      nbf: now,
      grant_type: 'client_credentials',
      scope: scopes,
      auth_time: now,
      realm: '/',
      exp: now + TOKEN_LIFETIME_SECONDS,
      iat: now,
      expires_in: TOKEN_LIFETIME_SECONDS,
      jti: this.#ids.alnum(27),
      client_id: client.id,
    };
    if (scopes.includes('roles')) claims.roles = [...client.roles];
    if (scopes.includes('tenantFilter')) claims.tenantFilter = client.roleTenantFilter ?? '';
    return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', kid: this.#keys.kid, alg: 'RS256' }).sign(this.#keys.privateKey);
  }

  #noteAuthentication(client: StoredApiClient): void {
    const today = this.#clock.iso().slice(0, 10);
    if (client.lastAuthenticatedDate !== today) {
      client.lastAuthenticatedDate = today;
      this.#repo.touched();
    }
  }
}

function oauth(status: number, code: string, message: string, init: { explain?: string; headers?: Record<string, string> } = {}): AppError {
  return new AppError(status, code, message, init);
}

/** Basic credentials fail with 401 and a Basic challenge; credentials in the body fail with 400 (ForgeRock). */
function invalidClient(via: PresentedClient['via'], explain: string): AppError {
  if (via === 'basic') {
    return oauth(401, 'invalid_client', 'Client authentication failed', { explain, headers: { 'WWW-Authenticate': 'Basic realm="/"' } });
  }
  return oauth(via === 'assertion' ? 401 : 400, 'invalid_client', 'Client authentication failed', { explain });
}

function safeFilter(text: string | null) {
  try {
    return parseTenantFilter(text);
  } catch {
    return new Map<string, string[]>();
  }
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

