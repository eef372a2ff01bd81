import { DEMO, OCI_AM_SCOPES } from '../../fixtures/index.js';
import type { Rng } from '../../emulator/core/rng.js';
import { FUZZ_ADMIN_TOKEN } from './child.js';
import type { FuzzClient, WireRequest } from './http.js';

// Valid credentials for every API family, minted from the demo world through the public token endpoints, so
// cases reach the validation behind the guards; and bad ones (none, garbage, alg none, tampered, another
// family's token) for the guards themselves.

const AM = DEMO.accountManager;
const APP = DEMO.salesforce.connectedApp;

export type CredentialName = 'am' | 'am-admin' | 'ocapi' | 'org' | 'am-basic' | 'control' | 'none';

/** The credential a path's API expects (first prefix that matches). */
const BY_PREFIX: [string, CredentialName][] = [
  ['/__emulator', 'control'],
  ['/dwsso/oauth2/access_token', 'am-basic'],
  ['/dw/rest/', 'am-admin'],
  ['/services/oauth2/', 'none'],
  ['/services/Soap/', 'none'],
  ['/services/', 'org'],
  ['/lightning/', 'org'],
  ['/inventory/', 'am'],
  ['/s/', 'ocapi'],
  ['/on/', 'am'],
];

export function credentialFor(path: string): CredentialName {
  return BY_PREFIX.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'none';
}

export type Credentials = Record<CredentialName, string | undefined>;

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());

/** Mints every token; throws when the demo world does not give one (the run cannot go deeper than 401 then). */
export async function mintCredentials(client: FuzzClient): Promise<Credentials> {
  const post = async (req: WireRequest): Promise<string> => {
    const out = await client.send(req, 10_000);
    if (out.kind !== 'answer' || out.status !== 200) throw new Error(`minting a token failed: ${req.path} ${out.kind === 'answer' ? `${out.status} ${out.body.toString().slice(0, 300)}` : out.kind}`);
    return `Bearer ${(JSON.parse(out.body.toString()) as { access_token: string }).access_token}`;
  };
  const amToken = (id: string, secret: string, scope: string) =>
    post({ method: 'POST', path: '/dwsso/oauth2/access_token', headers: { authorization: basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' }, body: form({ grant_type: 'client_credentials', scope }) });
  return {
    am: await amToken(AM.integrationClient.id, AM.integrationClient.secret, `SALESFORCE_COMMERCE_API:${DEMO.b2c.instanceId} ${OCI_AM_SCOPES.join(' ')}`),
    'am-admin': await amToken(AM.adminClient.id, AM.adminClient.secret, 'mail roles'),
    ocapi: await amToken(AM.ocapiClient.id, AM.ocapiClient.secret, 'mail'),
    org: await post({
      method: 'POST',
      path: '/services/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'client_credentials', client_id: APP.consumerKey, client_secret: APP.consumerSecret }),
    }),
    'am-basic': basic(AM.integrationClient.id, AM.integrationClient.secret),
    control: `Bearer ${FUZZ_ADMIN_TOKEN}`,
    none: undefined,
  };
}

/** An Authorization header that should be refused (or undefined: none at all). */
export function badAuthorization(rng: Rng, creds: Credentials, own: CredentialName): string | undefined {
  const valid = creds[own] ?? creds.am!;
  const token = valid.replace(/^\w+ /, '');
  const others = (Object.keys(creds) as CredentialName[]).filter((n) => n !== own && creds[n]);
  const options: (() => string | undefined)[] = [
    () => undefined,
    () => 'Bearer',
    () => 'Bearer ',
    () => 'Bearer x',
    () => `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'admin', scope: 'mail roles', exp: 1e20 })}.`,
    () => `Bearer ${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`,
    () => `Bearer ${token}.${token}`,
    () => creds[rng.pick(others)]!,
    () => `Basic ${Buffer.from('a:b').toString('base64')}`,
    () => 'Basic !!!',
    () => `Basic ${Buffer.from('%zz:%00').toString('base64')}`,
    () => `Basic ${Buffer.from(`${'__proto__'}:${'constructor'}`).toString('base64')}`,
    () => `Bearer ${'a'.repeat(rng.pick([1_000, 12_000]))}`,
    () => `bearer ${token}`,
    () => `Bearer  ${token} `,
    () => 'Negotiate YIIB',
    () => `Bearer ${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iss: 'x' })}.c2ln`,
  ];
  return rng.pick(options)();
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
