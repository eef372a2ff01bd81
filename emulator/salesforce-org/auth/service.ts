import type { VirtualClock } from '../../core/clock.js';
import type { ConnectedApp, OrgUser } from '../model.js';
import type { SalesforceRepository } from '../repository.js';
import { consumerSecretMatches, passwordMatches, responseSignature } from './credentials.js';
import { JWT_BEARER_GRANT, LOGIN_AUDIENCES, verifyAssertion } from './jwt-bearer.js';
import { refusals } from './refusals.js';
import type { OrgTokens } from './org-tokens.js';

// POST /services/oauth2/token: the three server-to-server grants an OCI integration uses. Each response has the
// fields and order of Salesforce's documented examples; `instance_url` is the emulator, so clients call it back.

/** Scopes Salesforce leaves out of client-credentials tokens: there is no user to refresh for. */
const NOT_FOR_CLIENT_CREDENTIALS = new Set(['refresh_token', 'offline_access']);

export interface OrgTokenRequest {
  params: URLSearchParams;
  authorization: string | undefined;
  /** The emulator's own base URL, as the caller reached it. */
  baseUrl: string;
  /** Further URLs of this emulator a JWT bearer assertion may name as audience. */
  ownAudiences?: readonly string[];
}

export interface OrgTokenResult {
  body: Record<string, string>;
  clientId: string;
  orgId: string;
}

export class OrgOAuthService {
  readonly #d: { repo: SalesforceRepository; tokens: OrgTokens; clock: VirtualClock };

  constructor(deps: { repo: SalesforceRepository; tokens: OrgTokens; clock: VirtualClock }) {
    this.#d = deps;
  }

  async issue(request: OrgTokenRequest): Promise<OrgTokenResult> {
    const grant = request.params.get('grant_type');
    switch (grant) {
      case 'client_credentials':
        return this.#clientCredentials(request);
      case 'password':
        return this.#password(request);
      case JWT_BEARER_GRANT:
        return this.#jwtBearer(request);
      default:
        throw refusals.unsupportedGrant(
          grant === null
            ? 'no grant_type parameter: send the form as application/x-www-form-urlencoded'
            : `the emulator's org issues tokens for client_credentials, password and ${JWT_BEARER_GRANT}, not ${grant}`,
        );
    }
  }

  async #clientCredentials(request: OrgTokenRequest): Promise<OrgTokenResult> {
    const { app, secret } = this.#client(request);
    const user = app.runAsUsername ? this.#d.repo.user(app.runAsUsername) : undefined;
    if (!user || user.orgId !== app.orgId) {
      throw refusals.noRunAsUser(`connected app ${app.name} has no run-as user for the client credentials flow`);
    }
    const scopes = app.scopes.filter((s) => !NOT_FOR_CLIENT_CREDENTIALS.has(s));
    const { token, id, issuedAt } = await this.#session(app, user, scopes, request.baseUrl);
    return {
      body: {
        access_token: token,
        signature: responseSignature(secret, id, issuedAt),
        scope: scopes.join(' '),
        instance_url: request.baseUrl,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt,
      },
      clientId: app.consumerKey,
      orgId: app.orgId,
    };
  }

  async #password(request: OrgTokenRequest): Promise<OrgTokenResult> {
    const { app, secret } = this.#client(request);
    const username = request.params.get('username') ?? '';
    const user = this.#d.repo.user(username);
    if (!user || !passwordMatches(user, request.params.get('password') ?? '')) {
      throw refusals.authenticationFailure(user ? `wrong password (or security token) for ${username}` : `no user ${username || '(missing)'}`);
    }
    if (user.orgId !== app.orgId) throw refusals.authenticationFailure(`${username} is not a user of the org of connected app ${app.name}`);
    const { token, id, issuedAt } = await this.#session(app, user, app.scopes, request.baseUrl);
    return {
      body: {
        access_token: token,
        instance_url: request.baseUrl,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt,
        signature: responseSignature(secret, id, issuedAt),
        scope: app.scopes.join(' '),
      },
      clientId: app.consumerKey,
      orgId: app.orgId,
    };
  }

  async #jwtBearer(request: OrgTokenRequest): Promise<OrgTokenResult> {
    const { app, user } = await verifyAssertion(request.params.get('assertion'), {
      repo: this.#d.repo,
      clock: this.#d.clock,
      audiences: [...LOGIN_AUDIENCES, request.baseUrl, ...(request.ownAudiences ?? [])],
    });
    const { token, id } = await this.#session(app, user, app.scopes, request.baseUrl);
    return {
      body: { access_token: token, scope: app.scopes.join(' '), instance_url: request.baseUrl, id, token_type: 'Bearer' },
      clientId: app.consumerKey,
      orgId: app.orgId,
    };
  }

  /** The connected app named by HTTP Basic or `client_id`/`client_secret`, with its secret checked. */
  #client(request: OrgTokenRequest): { app: ConnectedApp; secret: string } {
    const presented = basicCredentials(request.authorization) ?? {
      id: request.params.get('client_id') ?? '',
      secret: request.params.get('client_secret'),
    };
    const app = presented.id ? this.#d.repo.app(presented.id) : undefined;
    if (!app) throw refusals.unknownClient(presented.id ? `no connected app has consumer key ${presented.id}` : 'no client_id was sent');
    if (presented.secret === null || !consumerSecretMatches(app, presented.secret)) {
      throw refusals.badClientSecret(presented.secret === null ? 'no client_secret was sent' : `wrong consumer secret for ${app.name}`);
    }
    return { app, secret: presented.secret };
  }

  async #session(app: ConnectedApp, user: OrgUser, scopes: readonly string[], baseUrl: string) {
    const token = await this.#d.tokens.issue({ orgId: user.orgId, userId: user.id, username: user.username, clientId: app.consumerKey, scopes });
    return { token, id: `${baseUrl}/id/${user.orgId}/${user.id}`, issuedAt: String(this.#d.clock.now()) };
  }
}

function basicCredentials(header: string | undefined): { id: string; secret: string | null } | undefined {
  if (!header || !/^basic\s/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { id: decoded, secret: null } : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
