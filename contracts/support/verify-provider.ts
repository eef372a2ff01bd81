import type { Request, RequestHandler } from 'express';
import supertest from 'supertest';
import { Verifier, type LogLevel } from '@pact-foundation/pact';
import type { Emulator } from '../../emulator/index.js';
import { DEMO } from '../../fixtures/well-known.js';
import { admin, ALL_OCI_SCOPES, integration, TENANT, tokenFor } from '../../test/helpers/emulator.js';
import { orgSession } from '../consumers/inventory-integration/org-graph-client.js';
import { signIn } from '../consumers/org-admin/setup-client.js';
import { PACT_LOG_LEVEL } from './pacts.js';

// Provider verification against an in-process emulator. A pact can only hold a placeholder bearer token, so
// the request filter swaps it for a real one, issued by the emulator's own token endpoint just before the
// request goes out. Basic credentials pass untouched: a pact that sends a wrong secret must fail for real.

/** Which token a request gets: the first rule whose prefix starts the request path wins. */
export interface TokenRule {
  prefix: string;
  issue(baseUrl: string): Promise<string>;
}

/** A token from the emulated Account Manager for one of the demo API clients. */
export function accountManagerToken(client: { id: string; secret: string }, scope: string): TokenRule['issue'] {
  return (baseUrl) => tokenFor(supertest(baseUrl), scope, client);
}

const { connectedApp, users } = DEMO.salesforce;

/** A session of the demo org's admin (the password grant), from the org's own token endpoint: who works in Setup. */
export const orgAdminSession: TokenRule['issue'] = async (baseUrl) =>
  (await signIn({ baseUrl, clientId: connectedApp.consumerKey, clientSecret: connectedApp.consumerSecret, username: users.admin.username, password: users.admin.password })).accessToken;

/** The connected app's client-credentials session (its run-as integration user), from the org's token endpoint. */
export const orgIntegrationSession: TokenRule['issue'] = async (baseUrl) => (await orgSession({ baseUrl, clientId: connectedApp.consumerKey, clientSecret: connectedApp.consumerSecret })).accessToken;

/**
 * The API Clients API needs the Account Administrator; OCAPI the OCAPI client; the org's Setup pages its admin and
 * its APIs the connected app's session; everything else, the OCI APIs and Business Manager included, gets the
 * integration's tenant token (`SALESFORCE_COMMERCE_API:<instance>`) with every OCI scope.
 */
export const DEMO_TOKEN_RULES: readonly TokenRule[] = [
  { prefix: '/dw/rest/', issue: accountManagerToken(admin, 'mail roles') },
  // OCAPI answers only the client its settings allow (a Commerce API client is refused there).
  { prefix: '/s/', issue: accountManagerToken(DEMO.accountManager.ocapiClient, 'mail') },
  { prefix: '/lightning/', issue: orgAdminSession },
  { prefix: '/services/', issue: orgIntegrationSession },
  { prefix: '/', issue: accountManagerToken(integration, `SALESFORCE_COMMERCE_API:${TENANT} ${ALL_OCI_SCOPES}`) },
];

/** Brings the emulator into a named provider state; parameters are the ones the consumer gave with `given`. */
export type StateParams = Record<string, unknown>;
/**
 * Values a state hands back for the pact's `fromProviderState('${name}', example)` expressions: Pact replaces
 * those parts of the request with them (e.g. a delta token only the provider can mint).
 */
export type StateValues = Record<string, string | number | boolean | null>;
export type StateSetup = (params: StateParams) => StateValues | void | Promise<StateValues | void>;

export interface VerifyProviderOptions {
  provider: string;
  pactFiles: string[];
  stateHandlers: Record<string, StateSetup>;
  emulator: Emulator;
  tokens?: readonly TokenRule[];
  logLevel?: LogLevel;
}

export async function verifyProvider(options: VerifyProviderOptions): Promise<void> {
  const baseUrl = options.emulator.url;
  if (!baseUrl) throw new Error('verifyProvider: the emulator is not listening; start it with startProviderEmulator()');
  // Pact's proxy logs a throwing state handler and answers 200 anyway, so the interaction would then fail for
  // a reason far from the cause. Keep the errors and report them first.
  const stateErrors: string[] = [];
  const stateHandlers = Object.fromEntries(
    Object.entries(options.stateHandlers).map(([state, setup]) => [
      state,
      async (params?: unknown) => {
        try {
          return (await setup(isParams(params) ? params : {})) ?? undefined;
        } catch (error) {
          stateErrors.push(`provider state "${state}": ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
    ]),
  );
  const verified = new Verifier({
    provider: options.provider,
    providerBaseUrl: baseUrl,
    pactUrls: options.pactFiles,
    stateHandlers,
    requestFilter: tokenInjectingFilter(baseUrl, options.tokens ?? DEMO_TOKEN_RULES),
    failIfNoPactsFound: true,
    logLevel: options.logLevel ?? PACT_LOG_LEVEL,
  }).verifyProvider();
  const outcome = await verified.then(() => undefined, (error: unknown) => error);
  if (stateErrors.length > 0) throw new Error(`State setup failed:\n  ${stateErrors.join('\n  ')}`);
  if (outcome !== undefined) throw outcome;
}

export function tokenInjectingFilter(baseUrl: string, rules: readonly TokenRule[]): RequestHandler {
  return (req, _res, next) => {
    restoreFormBody(req);
    if (!/^Bearer\s/i.test(req.headers.authorization ?? '')) return next();
    const rule = rules.find((r) => req.path.startsWith(r.prefix));
    // Loud rather than forwarding the placeholder: a 401 from a stale token would hide the real cause.
    if (!rule) return next(new Error(`No token rule covers ${req.path}; add one to the verifyProvider tokens`));
    rule.issue(baseUrl).then((token) => {
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

function isParams(value: unknown): value is StateParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
