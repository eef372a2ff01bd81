import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKeys } from '../../core/auth/keys.js';
import type { ShopperPrincipal } from '../../core/auth/principal.js';
import type { VirtualClock } from '../../core/clock.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Journal } from '../../core/journal.js';
import { own } from '../../core/objects.js';
import { hashSecret, secretMatchesHash } from '../../core/secrets.js';
import type { Store } from '../../core/store/store.js';
import type { B2cInstanceFacts } from '../services.js';
import { ACCESS_TOKEN_SECONDS, CODE_MS, GUEST_REFRESH_SECONDS, slasNamespace, type SlasClient, type SlasState } from './model.js';
import { StoredSlas } from './stored-slas.js';
import type { AuthorizeParams, TokenParams } from './requests.js';
import { tokenResponse, type TokenResponse } from './views.js';

// SLAS guest logins as PWA Kit and commerce-sdk run them: a public client's authorize (PKCE, hint=guest) then
// token with authorization_code_pkce; a private client's client_credentials; refresh_token (single use for public
// clients); logout. Tokens are ES256 JWTs with SLAS's claims (its `isb` names the site), 30 minutes on the
// virtual clock. The instance is the one whose organization id the path names.

export interface SlasDeps {
  store: Store;
  clock: VirtualClock;
  journal: Journal;
  keys: SigningKeys;
  instanceByOrganization(organizationId: string): B2cInstanceFacts | undefined;
  /** Whether the instance has that site (a token is for one site: its channel). */
  hasSite(instanceId: string, siteId: string): boolean;
}

export class SlasService {
  readonly #d: SlasDeps;

  constructor(deps: SlasDeps) {
    this.#d = deps;
  }

  /** The instance an organization id names, or 404 (`f_ecom_<realm>_<instance>`). */
  instance(organizationId: string): B2cInstanceFacts {
    const instance = this.#d.instanceByOrganization(organizationId);
    if (!instance) throw new AppError(404, GenericCode.NotFound, `No organization '${organizationId}' on this emulator: use f_ecom_<realm>_<instance> of a known instance.`);
    return instance;
  }

  clients(instanceId: string): SlasClient[] {
    return [...this.#state(instanceId).clients.values()];
  }

  /** Creates a SLAS client (the control plane's stand-in for SLAS Admin); a secret is kept only as its hash. */
  createClient(instanceId: string, client: Omit<SlasClient, 'createdAt' | 'secretHash'>, secret: string | undefined): SlasClient {
    const state = this.#state(instanceId);
    if (state.clients.has(client.id)) throw new AppError(409, GenericCode.Conflict, `A SLAS client '${client.id}' exists already.`);
    const created: SlasClient = { ...client, ...(secret !== undefined ? { secretHash: hashSecret(client.id, secret) } : {}), createdAt: new Date(this.#d.clock.now()).toISOString() };
    state.clients.set(client.id, created);
    this.#touch(instanceId);
    this.#d.journal.emit({ type: 'b2c.slas.client.created', tenant: instanceId, data: { clientId: client.id, public: secret === undefined } });
    return created;
  }

  /** Whether a logout revoked the access token (by its jti). */
  revoked(organizationId: string, tokenId: string): boolean {
    const instance = this.#d.instanceByOrganization(organizationId);
    const until = instance ? this.#state(instance.id).revoked.get(tokenId) : undefined;
    return until !== undefined && until > this.#d.clock.now();
  }

  /** GET authorize with hint=guest: a code for the redirect URI, and the shopper's usid. */
  authorize(organizationId: string, p: AuthorizeParams): string {
    const instance = this.instance(organizationId);
    const client = this.#client(instance.id, p.client_id, 'Bad or missing client_id.');
    if (p.hint !== 'guest') throw invalid(`Only guest logins are served here (hint=guest); got hint=${p.hint ?? '(none)'}.`);
    if (!client.redirectUris.includes(p.redirect_uri)) throw invalid('redirect_uri is not registered for this client.');
    if (client.secretHash === undefined && !p.code_challenge) throw invalid('code_challenge is required for a public client.');
    if (p.channel_id !== undefined) this.#channel(instance.id, client, p.channel_id);
    const state = this.#state(instance.id);
    state.sweep(this.#d.clock.now());
    const code = token(32);
    const usid = p.usid ?? randomUUID();
    state.codes.set(code, { clientId: client.id, challenge: p.code_challenge, redirectUri: p.redirect_uri, usid, customerId: guestId(), channelId: p.channel_id, dnt: false, expiresAt: this.#d.clock.now() + CODE_MS });
    this.#touch(instance.id);
    const location = new URL(p.redirect_uri);
    location.searchParams.set('code', code);
    location.searchParams.set('usid', usid);
    if (p.state !== undefined) location.searchParams.set('state', p.state);
    if (p.scope !== undefined) location.searchParams.set('scope', p.scope);
    return location.toString();
  }

  /** POST token: the three guest grants. `basic` is the Authorization header's client id and secret, if any. */
  async token(organizationId: string, p: TokenParams, basic: { id: string; secret: string } | undefined): Promise<TokenResponse> {
    const instance = this.instance(organizationId);
    const state = this.#state(instance.id);
    const now = this.#d.clock.now();
    state.sweep(now);
    if (p.grant_type === 'client_credentials') {
      const client = this.#private(instance.id, basic);
      const channelId = this.#channel(instance.id, client, required(p.channel_id, 'channel_id'));
      return this.#issue(instance, client, { usid: p.usid ?? randomUUID(), customerId: guestId(), channelId, dnt: p.dnt === 'true' }, undefined);
    }
    if (p.grant_type === 'authorization_code_pkce') {
      const client = this.#client(instance.id, required(p.client_id, 'client_id'), 'Bad or missing client_id.');
      // A private client proves itself with its secret; a public one with the PKCE verifier.
      if (client.secretHash !== undefined) this.#private(instance.id, basic && basic.id === client.id ? basic : undefined);
      const code = state.codes.get(required(p.code, 'code'));
      if (!code || code.clientId !== client.id || code.expiresAt <= now) throw invalid('Invalid or expired authorization code.');
      state.codes.delete(p.code!);
      this.#touch(instance.id);
      if (code.redirectUri !== p.redirect_uri) throw invalid('redirect_uri does not match the one of the authorization request.');
      if (code.challenge !== undefined && challengeOf(required(p.code_verifier, 'code_verifier')) !== code.challenge) throw invalid('code_verifier does not match the code_challenge.');
      const channelId = this.#channel(instance.id, client, required(p.channel_id ?? code.channelId, 'channel_id'));
      return this.#issue(instance, client, { usid: code.usid, customerId: code.customerId, channelId, dnt: p.dnt === 'true' }, undefined);
    }
    // refresh_token: a public client names itself, a private one authenticates.
    const client = basic ? this.#private(instance.id, basic) : this.#client(instance.id, required(p.client_id, 'client_id'), 'Bad or missing client_id.');
    const refresh = required(p.refresh_token, 'refresh_token');
    const grant = state.refreshTokens.get(refresh);
    if (!grant || grant.clientId !== client.id || grant.expiresAt <= now) throw invalid('Bad or missing refresh token.');
    const channelId = this.#channel(instance.id, client, required(p.channel_id ?? grant.channelId, 'channel_id'));
    if (grant.singleUse) state.refreshTokens.delete(refresh);
    return this.#issue(instance, client, { usid: grant.usid, customerId: grant.customerId, channelId, dnt: grant.dnt }, grant.singleUse ? undefined : refresh);
  }

  /** GET logout: the refresh token stops working; SLAS answers with an emptied token response. */
  logout(organizationId: string, shopper: ShopperPrincipal, clientId: string, refreshToken: string): void {
    const instance = this.instance(organizationId);
    const state = this.#state(instance.id);
    const grant = state.refreshTokens.get(refreshToken);
    if (shopper.organizationId !== instance.organizationId || shopper.clientId !== clientId || !grant || grant.clientId !== clientId || grant.usid !== shopper.usid) {
      throw invalid('Bad or missing refresh token.');
    }
    state.refreshTokens.delete(refreshToken);
    // The access token goes too (SLAS: "the shopper's access token and refresh token are revoked").
    state.revoked.set(shopper.tokenId, shopper.expiresAt);
    this.#touch(instance.id);
  }

  async #issue(instance: B2cInstanceFacts, client: SlasClient, who: { usid: string; customerId: string; channelId: string; dnt: boolean }, keepRefresh: string | undefined): Promise<TokenResponse> {
    const now = this.#d.clock.now();
    const iat = Math.floor(now / 1000);
    const accessToken = await new SignJWT({
      aut: 'GUID',
      scp: client.scopes.join(' '),
      sub: `cc-slas::${instance.id}::scid:${client.id}::usid:${who.usid}`,
      ctx: 'slas',
      ist: 1,
      dnt: who.dnt ? '1' : '0',
      sty: 'User',
      isb: `uido:slas::upn:Guest::uidn:Guest User::gcid:${who.customerId}::chid:${who.channelId}`,
    })
      .setProtectedHeader({ alg: 'ES256', kid: this.#d.keys.kid, typ: 'jwt', ver: '1.0', jku: `slas/prod/${instance.id}`, clv: 'J2.3.4' })
      .setIssuer(`slas/prod/${instance.id}`)
      .setAudience(`commercecloud/prod/${instance.id}`)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
      .setJti(`C.${randomUUID()}`)
      .sign(this.#d.keys.privateKey);
    const state = this.#state(instance.id);
    const refresh = keepRefresh ?? token(32);
    if (!state.refreshTokens.has(refresh)) {
      state.refreshTokens.set(refresh, { clientId: client.id, usid: who.usid, customerId: who.customerId, channelId: who.channelId, dnt: who.dnt, singleUse: client.secretHash === undefined, expiresAt: now + GUEST_REFRESH_SECONDS * 1000 });
    }
    this.#touch(instance.id);
    return tokenResponse({ accessToken, refreshToken: refresh, usid: who.usid, customerId: who.customerId, expiresIn: ACCESS_TOKEN_SECONDS, refreshExpiresIn: GUEST_REFRESH_SECONDS, dnt: who.dnt });
  }

  #client(instanceId: string, clientId: string, message: string): SlasClient {
    const client = this.#state(instanceId).clients.get(clientId);
    if (!client) throw invalid(message);
    return client;
  }

  #private(instanceId: string, basic: { id: string; secret: string } | undefined): SlasClient {
    const client = basic ? this.#state(instanceId).clients.get(basic.id) : undefined;
    if (!client || client.secretHash === undefined || !secretMatchesHash(client.id, client.secretHash, basic!.secret)) {
      throw new AppError(401, 'invalid_client', 'Basic Authorization failed.', { headers: { 'WWW-Authenticate': 'Basic realm="SLAS"' } });
    }
    return client;
  }

  #channel(instanceId: string, client: SlasClient, channelId: string): string {
    if (channelId.length > 100 || !this.#d.hasSite(instanceId, channelId)) throw invalid(`channel_id '${channelId.slice(0, 100)}' is not a site of this instance.`);
    if (!client.channels.includes('*') && !client.channels.includes(channelId)) throw invalid(`The client may not get tokens for site '${channelId}'.`);
    return channelId;
  }

  /** The instance's SLAS, journaled from its first use (a fixture writes it as plain JSON). */
  #state(instanceId: string): StoredSlas {
    const ns = slasNamespace(instanceId);
    const value = this.#d.store.ensure<unknown>(ns, () => new StoredSlas());
    if (value instanceof StoredSlas) return value;
    const stored = StoredSlas.fromPlain(value as Partial<SlasState>);
    this.#d.store.adopt(ns, stored);
    return stored;
  }

  #touch(instanceId: string): void {
    this.#d.store.touch(slasNamespace(instanceId));
  }
}

function invalid(description: string): AppError {
  return new AppError(400, 'invalid_request', description);
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw invalid(`Bad or missing ${name}.`);
  return value;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

/** A guest customer id: 26 characters, as SLAS's gcid. */
const guestId = () => `ab${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;

/** PKCE S256: base64url(SHA-256(verifier)). */
export const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
