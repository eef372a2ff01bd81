import { createSign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { createClient, rsaKeyPair } from '../account-manager/helpers.js';
import { ADMIN, APP, demoAppKey, jwtGrant } from './helpers.js';

// Assertions whose claims a client got wrong, or forged on purpose: time claims outside the 3 minutes Salesforce
// documents for the JWT bearer flow, of the wrong type, out of any clock's range, and identity claims that are not
// strings. Each is refused in the endpoint's words, never a 500. Account Manager's client assertions likewise.

let run: Running;
let orgKey: KeyObject;
beforeAll(async () => {
  run = await startEmulator();
  orgKey = await demoAppKey(run);
});
afterAll(() => run.close());

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** RS256 over a claims set given as raw JSON text (jose would refuse to sign some of these). */
function signRaw(claimsJson: string, key: KeyObject): string {
  const input = `${b64('{"alg":"RS256"}')}.${b64(claimsJson)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

/** The demo app's assertion with `extra` spliced into its claims as raw JSON members. */
function orgAssertion(extra: string): string {
  const base = `"iss":${JSON.stringify(APP.consumerKey)},"sub":${JSON.stringify(ADMIN.username)},"aud":"https://login.salesforce.com"`;
  return signRaw(`{${base}${extra ? `,${extra}` : ''}}`, orgKey);
}

const now = () => run.emulator.clock.epochSeconds();

function refused(res: { status: number; body: unknown; text: string }, error: string, description: string): void {
  expect(res.status, res.text).toBe(400);
  expect(res.body).toEqual({ error, error_description: description });
}

describe('the org token endpoint, grant_type jwt-bearer: exp', () => {
  it('3 minutes ahead of the emulator clock is accepted; a second more is not', async () => {
    expect((await jwtGrant(run, orgAssertion(`"exp":${now() + 180}`))).status).toBe(200);
    refused(await jwtGrant(run, orgAssertion(`"exp":${now() + 181}`)), 'invalid_grant', 'expired authorization code');
  });

  it.each([
    ['10^20', () => '1e20'],
    ['in milliseconds', () => String(now() * 1000 + 300)],
    ['a year ahead', () => String(now() + 365 * 86_400)],
    ['now (not after it)', () => String(now())],
    ['a second ago', () => String(now() - 1)],
    ['-10^20', () => '-1e20'],
  ])('%s → expired authorization code', async (_label, exp) => {
    const res = await jwtGrant(run, orgAssertion(`"exp":${exp()}`));
    refused(res, 'invalid_grant', 'expired authorization code');
    expect(res.headers['x-emulator-explain']).toMatch(/^exp /);
  });

  it.each([
    ['missing', ''],
    ['a string', '"exp":"soon"'],
    ['a numeric string', `"exp":"2000000000"`],
    ['null', '"exp":null'],
    ['an object', '"exp":{"toString":1}'],
    ['an array nested 5 000 deep', `"exp":${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['1e400 (Infinity once parsed)', '"exp":1e400'],
  ])('%s → invalid assertion', async (_label, member) => {
    refused(await jwtGrant(run, orgAssertion(member)), 'invalid_grant', 'invalid assertion');
  });
});

describe('the org token endpoint, grant_type jwt-bearer: iat, nbf and identity claims', () => {
  it.each([
    ['iat a string', '"iat":"now"'],
    ['iat 1e400', '"iat":1e400'],
    ['nbf an object', '"nbf":{}'],
    ['nbf -1e400', '"nbf":-1e400'],
  ])('%s → invalid assertion', async (_label, member) => {
    refused(await jwtGrant(run, orgAssertion(`"exp":${now() + 60},${member}`)), 'invalid_grant', 'invalid assertion');
  });

  it('numeric iat and nbf pass', async () => {
    expect((await jwtGrant(run, orgAssertion(`"exp":${now() + 60},"iat":${now()},"nbf":${now() - 5}`))).status).toBe(200);
  });

  it('an iss or sub that is not a string is refused in Salesforce’s words, not a 500', async () => {
    const exp = now() + 60;
    const badIss = signRaw(`{"iss":{"toString":1},"sub":"x","aud":"https://login.salesforce.com","exp":${exp}}`, orgKey);
    refused(await jwtGrant(run, badIss), 'invalid_client_id', 'client identifier invalid');
    const badSub = signRaw(`{"iss":${JSON.stringify(APP.consumerKey)},"sub":{"toString":1},"aud":"https://login.salesforce.com","exp":${exp}}`, orgKey);
    refused(await jwtGrant(run, badSub), 'invalid_grant', "user hasn't approved this consumer");
  });

  it('claims that are not an object → invalid assertion', async () => {
    for (const claims of ['null', '[1,2]', '42', '"text"']) refused(await jwtGrant(run, signRaw(claims, orgKey)), 'invalid_grant', 'invalid assertion');
  });
});

describe('Account Manager client assertions (private_key_jwt)', () => {
  const TOKEN = '/dwsso/oauth2/access_token';
  const AUD = 'https://account.demandware.com:443/dwsso/oauth2/access_token';
  let client: { id: string };
  let key: KeyObject;
  beforeAll(async () => {
    const pair = rsaKeyPair();
    key = pair.privateKey;
    client = await createClient(run, { tokenEndpointAuthMethod: 'private_key_jwt', jwtPublicKey: pair.publicPem, scopes: ['mail'], defaultScopes: ['mail'] });
  });
  const send = (assertion: string) =>
    run.http.post(TOKEN).type('form').send({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
  const claims = (extra: string) => `{"iss":"${client.id}","sub":"${client.id}","aud":"${AUD}",${extra}}`;

  it('a well-formed assertion is accepted (the baseline the cases below depart from)', async () => {
    expect((await send(signRaw(claims(`"exp":${now() + 60},"iat":${now()}`), key))).status).toBe(200);
  });

  it.each([
    ['exp 1e400', '"exp":1e400'],
    ['exp a string', '"exp":"tomorrow"'],
    ['exp 10^20', '"exp":1e20'],
    ['iat 1e400', `"exp":${1e9 * 3},"iat":1e400`],
    ['nbf an object', `"exp":${1e9 * 3},"nbf":{}`],
  ])('%s → 401 invalid_client', async (_label, member) => {
    const res = await send(signRaw(claims(member), key));
    expect(res.status, res.text).toBe(401);
    expect(res.body).toEqual({ error_description: 'Client authentication failed', error: 'invalid_client' });
  });

  it.each([
    ['claims that are JSON null', 'null'],
    ['claims that are an array', '[]'],
  ])('%s → 400 invalid_request', async (_label, text) => {
    const res = await send(signRaw(text, key));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_description: 'Invalid client assertion', error: 'invalid_request' });
  });

  it('an iss that is not a string → 401 invalid_client, not a 500', async () => {
    const res = await send(signRaw(`{"iss":{"toString":1},"sub":{"a":[1]},"aud":"${AUD}","exp":${now() + 60}}`, key));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });
});
