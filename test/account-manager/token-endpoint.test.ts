import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_OCI_SCOPES, basic, integration, startEmulator, TENANT, type Running } from '../helpers/emulator.js';
import { createClient, rsaKeyPair } from './helpers.js';

const TOKEN = '/dwsso/oauth2/access_token';
const tenantScope = `SALESFORCE_COMMERCE_API:${TENANT}`;
let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

const post = () => run.http.post(TOKEN);

describe('token endpoint: how credentials arrive', () => {
  it('HTTP Basic with form-url-encoded parts: 200 with the exact Account Manager body and headers', async () => {
    const res = await post()
      .set('Authorization', basic(integration.id, integration.secret))
      .type('form')
      .send(`grant_type=client_credentials&scope=${encodeURIComponent(`${tenantScope} sfcc.inventory.availability`)}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
    expect(Object.keys(res.body)).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
    expect(res.body).toMatchObject({ scope: `sfcc.inventory.availability ${tenantScope}`, token_type: 'Bearer', expires_in: 1799 });
    expect(res.body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('client_id and client_secret in the body', async () => {
    const res = await post().type('form').send({ grant_type: 'client_credentials', client_id: integration.id, client_secret: integration.secret, scope: tenantScope });
    expect(res.status).toBe(200);
  });

  it('grant_type and scope in the query string with only a Basic header (as some cartridges send them)', async () => {
    const res = await post()
      .query({ grant_type: 'client_credentials', scope: tenantScope })
      .set('Authorization', basic(integration.id, integration.secret));
    expect(res.status).toBe(200);
    expect(res.body.scope).toContain(tenantScope);
  });

  it('everything in the query string; the journal masks the secret', async () => {
    const res = await post().query({ grant_type: 'client_credentials', client_id: integration.id, client_secret: integration.secret });
    expect(res.status).toBe(200);
    const entry = run.emulator.journal.query({ path: TOKEN }).at(-1)!;
    expect(JSON.stringify(entry)).not.toContain(integration.secret);
    expect(entry.kind === 'request' && entry.path).toContain('client_secret=***');
  });

  it('a raw "+" in a Basic secret is decoded as a space, as Account Manager does: only the encoded form works', async () => {
    const client = await createClient(run, { password: 'Plus+Sign-Secret-1', roles: [], scopes: ['mail'], defaultScopes: ['mail'] });
    const raw = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
    expect((await post().set('Authorization', raw).type('form').send({ grant_type: 'client_credentials' })).status).toBe(401);
    expect((await post().set('Authorization', basic(client.id, client.secret)).type('form').send({ grant_type: 'client_credentials' })).status).toBe(200);
  });

  it('private_key_jwt: a client assertion signed with the registered key', async () => {
    const { privateKey, publicPem } = rsaKeyPair();
    const client = await createClient(run, {
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwtPublicKey: publicPem,
      scopes: ['mail'],
      defaultScopes: ['mail'],
    });
    const now = run.emulator.clock.epochSeconds();
    const assertion = (key = privateKey, aud = 'https://account.demandware.com:443/dwsso/oauth2/access_token') =>
      new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(client.id).setSubject(client.id).setAudience(aud).setIssuedAt(now).setExpirationTime(now + 60).sign(key);
    const form = async (a: string) =>
      post().type('form').send({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: a });
    expect((await form(await assertion())).status).toBe(200);
    expect((await form(await assertion(privateKey, `${run.url}${TOKEN}`))).status).toBe(200);
    const wrongKey = await form(await assertion(rsaKeyPair().privateKey));
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.error).toBe('invalid_client');
    expect((await form(await assertion(privateKey, 'https://elsewhere.example/token'))).status).toBe(401);
    // and its secret alone is not enough
    expect((await post().set('Authorization', basic(client.id, client.secret)).type('form').send({ grant_type: 'client_credentials' })).status).toBe(401);
  });
});

describe('token endpoint: scopes', () => {
  const ask = (scope?: string) =>
    post().set('Authorization', basic(integration.id, integration.secret)).type('form').send(scope === undefined ? { grant_type: 'client_credentials' } : { grant_type: 'client_credentials', scope });

  it('no scope: the default scopes', async () => {
    const res = await ask();
    expect(res.body.scope).toBe(ALL_OCI_SCOPES);
  });

  it('only the tenant scope (as in the setup guide): default scopes plus the tenant', async () => {
    const res = await ask(tenantScope);
    expect(res.body.scope).toBe(`${ALL_OCI_SCOPES} ${tenantScope}`);
  });

  it.each([
    ['an instance outside the tenant filter', 'SALESFORCE_COMMERCE_API:zzzz_999', 'Unknown/invalid tenant scope: SALESFORCE_COMMERCE_API:zzzz_999'],
    ["the guide's literal example", 'SALESFORCE_COMMERCE_API:clientId', 'Unknown/invalid tenant scope: SALESFORCE_COMMERCE_API:clientId'],
    ['a role without a tenant', 'SALESFORCE_COMMERCE_API', 'Unknown/invalid tenant scope: SALESFORCE_COMMERCE_API'],
    ['two tenants at once', `${tenantScope} SALESFORCE_COMMERCE_API:zzzz_002`, 'Unknown/invalid tenant scope'],
    ['a scope the client is not allowed', `${tenantScope} sfcc.products sfcc.promotions.rw`, 'Unknown/invalid scope(s): [sfcc.products, sfcc.promotions.rw]'],
  ])('%s → 400 invalid_scope', async (_name, scope, description) => {
    const res = await ask(scope);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
    expect(res.body.error_description).toContain(description);
  });

  it('a client without the Salesforce Commerce API role cannot name a tenant', async () => {
    const client = await createClient(run, { scopes: ['mail'], defaultScopes: ['mail'] });
    const res = await post().set('Authorization', basic(client.id, client.secret)).type('form').send({ grant_type: 'client_credentials', scope: tenantScope });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });
});

describe('token endpoint: refusals', () => {
  it('wrong secret with Basic: 401, Basic challenge, the 77-byte body Account Manager sends', async () => {
    const res = await post().set('Authorization', basic(integration.id, 'wrong-secret')).type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="/"');
    expect(res.text).toBe('{"error_description":"Client authentication failed","error":"invalid_client"}');
    expect(res.text).toHaveLength(77);
    expect(res.headers['x-emulator-explain']).toBe('wrong client secret');
  });

  it.each([
    ['unknown client (Basic)', () => post().set('Authorization', basic('no-such-client', 'x')).type('form').send({ grant_type: 'client_credentials' }), 401],
    ['wrong secret in the body', () => post().type('form').send({ grant_type: 'client_credentials', client_id: integration.id, client_secret: 'nope' }), 400],
    ['no credentials at all', () => post().type('form').send({ grant_type: 'client_credentials' }), 400],
  ])('%s → invalid_client', async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error_description: 'Client authentication failed', error: 'invalid_client' });
  });

  it('an inactive client → invalid_client, and the reason in X-Emulator-Explain', async () => {
    const client = await createClient(run, { scopes: ['mail'] }, false);
    const res = await post().set('Authorization', basic(client.id, client.secret)).type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers['x-emulator-explain']).toMatch(/inactive/);
  });

  it.each([
    ['missing grant_type', {}, 400, 'invalid_request', 'Grant type is not set'],
    ['password grant', { grant_type: 'password', username: 'u', password: 'p' }, 400, 'unsupported_grant_type', 'Grant type is not supported'],
    ['unknown grant', { grant_type: 'magic' }, 400, 'unsupported_grant_type', 'Grant type is not supported'],
  ])('%s → %d %s', async (_name, form, status, error, description) => {
    const res = await post().set('Authorization', basic(integration.id, integration.secret)).type('form').send(form);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error_description: description, error });
  });

  it('a JSON body → 400 invalid_request "Invalid Content Type"', async () => {
    const res = await post().set('Authorization', basic(integration.id, integration.secret)).send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_description: 'Invalid Content Type', error: 'invalid_request' });
  });

  it('a malformed %-escape in Basic credentials → unauthorized_client', async () => {
    const res = await post().set('Authorization', `Basic ${Buffer.from(`${integration.id}:bad%zzsecret`).toString('base64')}`).type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_description: 'Unexpected error when authenticating client', error: 'unauthorized_client' });
  });

  it('a client id without a secret (a public client) cannot use client credentials', async () => {
    const res = await post().type('form').send({ grant_type: 'client_credentials', client_id: integration.id });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
  });

  it('GET → 405 method_not_allowed', async () => {
    const res = await run.http.get(TOKEN);
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ error_description: 'Required Method: POST found: GET', error: 'method_not_allowed' });
    expect(res.headers.allow).toBe('POST');
  });

  it('an oversized body → 413 in OAuth form', async () => {
    const res = await post().type('form').send(`grant_type=client_credentials&pad=${'x'.repeat(1_100_000)}`);
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('invalid_request');
  });
});

describe('legacy /dw/oauth2 prefix', () => {
  it('redirects to /dwsso/oauth2, keeping method and query; following it gives a token', async () => {
    const res = await run.http.post('/dw/oauth2/access_token?grant_type=client_credentials').set('Authorization', basic(integration.id, integration.secret));
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('/dwsso/oauth2/access_token?grant_type=client_credentials');
    const followed = await fetch(`${run.url}/dw/oauth2/access_token?grant_type=client_credentials`, {
      method: 'POST',
      headers: { Authorization: basic(integration.id, integration.secret) },
    });
    expect(followed.status).toBe(200);
  });
});

describe('bookkeeping', () => {
  it('records the day of the last successful authentication on the client', async () => {
    await post().set('Authorization', basic(integration.id, integration.secret)).type('form').send({ grant_type: 'client_credentials' });
    expect(run.emulator.accountManager.clients.get(integration.id).lastAuthenticatedDate).toBe('2026-03-02');
  });
});
