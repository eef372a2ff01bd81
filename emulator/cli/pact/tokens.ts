import type { Request, RequestHandler } from 'express';
import type { EmulatorHttp } from './emulator-http.js';
import type { ClientCredential, WorldView } from './world.js';

// A pact can only hold a placeholder bearer token: the verifier's request filter swaps it for a real one, issued
// by the emulator's own token endpoints just before the request goes out, for the client whose API the path
// belongs to. Basic credentials pass untouched: a pact that sends a wrong secret must fail for real.

export interface TokenSource {
  http: EmulatorHttp;
  world(): Promise<WorldView>;
}

/** Which token a request gets: the first rule whose prefix starts the request path wins. */
export interface TokenRule {
  prefix: string;
  issue(): Promise<string>;
}

/** Account Manager's client_credentials grant; Basic with each part form-url-encoded, as Account Manager decodes it. */
export async function accountManagerToken(http: EmulatorHttp, client: { clientId: string; clientSecret: string }, scope: string): Promise<string> {
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
  const answer = await http.call('POST', '/dwsso/oauth2/access_token', { authorization: `Basic ${basic}`, form: { grant_type: 'client_credentials', scope } });
  return tokenOf(answer.json, `Account Manager token for ${client.clientId}`);
}

/** A new guest's access token from SLAS, through the storefront's private client. */
export async function slasGuestToken(source: TokenSource): Promise<string> {
  const shopper = (await source.world()).shopper;
  if (!shopper) throw new Error('the emulator\'s world has no storefront SLAS client (world document, "shopperCredentials")');
  const basic = Buffer.from(`${shopper.clientId}:${shopper.clientSecret}`).toString('base64');
  const answer = await source.http.call('POST', `/shopper/auth/v1/organizations/${encodeURIComponent(shopper.organizationId)}/oauth2/token`, {
    authorization: `Basic ${basic}`,
    form: { grant_type: 'client_credentials', channel_id: shopper.siteId },
  });
  return tokenOf(answer.json, 'SLAS guest token');
}

/**
 * An org session from the org's OAuth token endpoint, through its connected app: the admin's (password grant), who
 * works in Setup, or the app's own (client credentials, run as its integration user), which calls the org's APIs.
 */
export async function orgSessionToken(source: TokenSource, who: 'admin' | 'app'): Promise<string> {
  const org = (await source.world()).org;
  if (!org) throw new Error('the emulator\'s world has no Salesforce org login (world document, "orgCredentials")');
  const app = { client_id: org.consumerKey, client_secret: org.consumerSecret };
  const form = who === 'admin' ? { grant_type: 'password', ...app, username: org.username, password: org.password } : { grant_type: 'client_credentials', ...app };
  const answer = await source.http.call('POST', '/services/oauth2/token', { form });
  return tokenOf(answer.json, who === 'admin' ? `org session of ${org.username}` : 'org session of the connected app');
}

function tokenOf(body: unknown, what: string): string {
  const token = (body as { access_token?: unknown } | undefined)?.access_token;
  if (typeof token !== 'string') throw new Error(`the ${what} answer holds no access_token`);
  return token;
}

/**
 * The guest of the interaction being verified. Shopper APIs answer only the guest who made a basket, so the
 * guest a state signs in is the one whose token the filter puts in place of the pact's placeholder; a state that
 * signs nobody in leaves a new guest to be signed in on the first shopper call.
 */
export class GuestSession {
  #token: Promise<string> | undefined;
  readonly #source: TokenSource;

  constructor(source: TokenSource) {
    this.#source = source;
  }

  forget(): void {
    this.#token = undefined;
  }

  token(): Promise<string> {
    this.#token ??= slasGuestToken(this.#source);
    // A failed sign-in is not kept: the next shopper call tries again and reports its own failure.
    this.#token.catch(() => this.forget());
    return this.#token;
  }
}

/** The shopper APIs (SCAPI behind SLAS), as the B2C party declares its prefixes; /shopper/auth/ itself takes Basic. */
const SHOPPER_PREFIXES = ['/shopper/', '/product/', '/checkout/shopper-', '/store/', '/customer/', '/custom/'];

export function tokenRules(source: TokenSource, guest: GuestSession): TokenRule[] {
  const { http } = source;
  /** A token of one of the world's Account Manager clients, for the scope the world names (or one made from its tenant scope). */
  const client = (pick: (w: WorldView) => ClientCredential, scope?: (tenantScope: string) => string) => async () => {
    const credential = pick(await source.world());
    const tenantScope = credential.scope.split(/\s+/).find((s) => s.startsWith('SALESFORCE_COMMERCE_API:')) ?? '';
    return accountManagerToken(http, credential, scope ? scope(tenantScope) : credential.scope);
  };
  return [
    ...SHOPPER_PREFIXES.map((prefix) => ({ prefix, issue: () => guest.token() })),
    // The org's Setup pages are the admin's; its REST and Connect APIs the connected app's.
    { prefix: '/lightning/', issue: () => orgSessionToken(source, 'admin') },
    { prefix: '/services/', issue: () => orgSessionToken(source, 'app') },
    // The API Clients API needs the Account Administrator; OCAPI the client its settings allow.
    { prefix: '/dw/rest/', issue: client((w) => w.accountAdmin) },
    { prefix: '/s/', issue: client((w) => w.ocapi) },
    // Orders Admin wants sfcc.orders.rw for the instance, which no default scope of the Commerce API client holds.
    { prefix: '/checkout/orders/', issue: client((w) => w.commerceApi, (tenant) => `${tenant} sfcc.orders.rw`) },
    // Everything else (the OCI APIs, Business Manager pages): the Commerce API client's tenant token, every OCI scope.
    { prefix: '/', issue: client((w) => w.commerceApi) },
  ];
}

/**
 * `controlToken`: the emulator's admin token, put on a consumer's own control-plane calls (a test reading the
 * outbox), which a pact records without it.
 */
export function tokenInjectingFilter(rules: readonly TokenRule[], controlToken?: string): RequestHandler {
  return (req, _res, next) => {
    restoreFormBody(req);
    if (controlToken && req.path.startsWith('/__emulator/')) {
      req.headers.authorization = `Bearer ${controlToken}`;
      return next();
    }
    if (!/^Bearer\s/i.test(req.headers.authorization ?? '')) return next();
    const rule = rules.find((r) => req.path.startsWith(r.prefix));
    // Loud rather than forwarding the placeholder: a 401 from a stale token would hide the real cause.
    if (!rule) return next(new Error(`No token rule covers ${req.path}`));
    rule.issue().then((token) => {
      req.headers.authorization = `Bearer ${token}`;
      next();
    }, next);
  };
}

/**
 * Pact JS's verification proxy parses form bodies into an object and then forwards them as JSON
 * (pact-foundation/pact-js#884, #1233), with the original Content-Length. Turning the object back into
 * form bytes before the proxy forwards it keeps token requests intact.
 */
function restoreFormBody(req: Request): void {
  const body: unknown = req.body;
  if (body === undefined || Buffer.isBuffer(body) || typeof body !== 'object' || body === null) return;
  if (!/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) return;
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
  }
  const bytes = Buffer.from(form.toString(), 'utf8');
  req.body = bytes;
  req.headers['content-length'] = String(bytes.length);
  delete req.headers['transfer-encoding'];
}
