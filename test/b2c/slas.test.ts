import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { schemaCheck } from '../helpers/specs.js';

// SLAS guest logins as PWA Kit (public client: authorize with PKCE, then authorization_code_pkce) and a server
// (private client: client_credentials) run them, refresh (single use for public clients), logout, the JWKS that
// verifies the ES256 tokens and the OpenID configuration; every answer against the auth OAS, every mistake an
// OAuth error as SLAS sends it. Tokens live 30 minutes on the emulator's clock.

const ORG = `f_ecom_${DEMO.b2c.instanceId}`;
const AUTH = `/shopper/auth/v1/organizations/${ORG}/oauth2`;
const SPEC = 'scapi/auth-oas-1.50.0/auth-oas-v1-public.yaml';
const { publicClient, privateClient } = DEMO.b2c.slas;
const SITE = DEMO.b2c.siteId;
let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

const validates = schemaCheck(SPEC);
const pkce = () => {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const post = (fields: Record<string, string>, auth?: string) => {
  const req = run.http.post(`${AUTH}/token`).set('Content-Type', 'application/x-www-form-urlencoded');
  return (auth ? req.set('Authorization', auth) : req).send(form(fields));
};

/** The public client's guest login, as PWA Kit does it. */
async function guestLogin(state = 'xyz') {
  const { verifier, challenge } = pkce();
  const q = new URLSearchParams({ client_id: publicClient.id, response_type: 'code', redirect_uri: publicClient.redirectUri, hint: 'guest', code_challenge: challenge, state, channel_id: SITE });
  const auth = await run.http.get(`${AUTH}/authorize?${q}`).redirects(0);
  expect(auth.status).toBe(303);
  const location = new URL(auth.headers.location as string);
  expect(`${location.origin}${location.pathname}`).toBe(publicClient.redirectUri);
  expect(location.searchParams.get('state')).toBe(state);
  const code = location.searchParams.get('code')!;
  const usid = location.searchParams.get('usid')!;
  const token = await post({ grant_type: 'authorization_code_pkce', client_id: publicClient.id, code, code_verifier: verifier, redirect_uri: publicClient.redirectUri, channel_id: SITE });
  return { token, usid, code, verifier };
}

describe('guest logins', () => {
  it('public client: authorize (PKCE, hint=guest) → 303 with code and usid → token; an ES256 JWT the JWKS verifies', async () => {
    const { token, usid } = await guestLogin();
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800, refresh_token_expires_in: 2_592_000, usid });
    validates('TokenResponse', token.body);
    const jwks = (await run.http.get(`${AUTH}/jwks`)).body;
    expect(decodeProtectedHeader(token.body.access_token)).toMatchObject({ alg: 'ES256', typ: 'jwt' });
    const { payload } = await jwtVerify(token.body.access_token, createLocalJWKSet(jwks), { currentDate: run.emulator.clock.date() });
    expect(payload).toMatchObject({ iss: `slas/prod/${DEMO.b2c.instanceId}`, aud: `commercecloud/prod/${DEMO.b2c.instanceId}`, ctx: 'slas', sub: `cc-slas::${DEMO.b2c.instanceId}::scid:${publicClient.id}::usid:${usid}` });
    expect(payload.isb).toBe(`uido:slas::upn:Guest::uidn:Guest User::gcid:${token.body.customer_id}::chid:${SITE}`);
    expect((payload.exp as number) - (payload.iat as number)).toBe(1800);
  });

  it('private client: client_credentials with Basic auth and channel_id; a usid given is kept', async () => {
    const res = await post({ grant_type: 'client_credentials', channel_id: SITE, usid: 'keep-this-usid' }, basic(privateClient.id, privateClient.secret));
    expect(res.status).toBe(200);
    expect(res.body.usid).toBe('keep-this-usid');
    validates('TokenResponse', res.body);
  });

  it('a code is single use; a public refresh token is single use, a private one comes back', async () => {
    const { token, code, verifier } = await guestLogin();
    const again = await post({ grant_type: 'authorization_code_pkce', client_id: publicClient.id, code, code_verifier: verifier, redirect_uri: publicClient.redirectUri, channel_id: SITE });
    expect([again.status, again.body.error]).toEqual([400, 'invalid_request']);
    const refreshed = await post({ grant_type: 'refresh_token', client_id: publicClient.id, refresh_token: token.body.refresh_token, channel_id: SITE });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(token.body.refresh_token);
    expect(refreshed.body.usid).toBe(token.body.usid);
    expect((await post({ grant_type: 'refresh_token', client_id: publicClient.id, refresh_token: token.body.refresh_token, channel_id: SITE })).status).toBe(400);
    const priv = await post({ grant_type: 'client_credentials', channel_id: SITE }, basic(privateClient.id, privateClient.secret));
    const privRefresh = await post({ grant_type: 'refresh_token', refresh_token: priv.body.refresh_token, channel_id: SITE }, basic(privateClient.id, privateClient.secret));
    expect(privRefresh.body.refresh_token).toBe(priv.body.refresh_token);
  });

  it('logout (with the access token) voids the refresh token', async () => {
    const { token } = await guestLogin();
    const q = new URLSearchParams({ client_id: publicClient.id, refresh_token: token.body.refresh_token });
    const out = await run.http.get(`${AUTH}/logout?${q}`).set('Authorization', `Bearer ${token.body.access_token}`);
    expect(out.status).toBe(200);
    validates('TokenResponse', out.body);
    expect((await post({ grant_type: 'refresh_token', client_id: publicClient.id, refresh_token: token.body.refresh_token, channel_id: SITE })).status).toBe(400);
    expect((await run.http.get(`${AUTH}/logout?${q}`)).status).toBe(401);
  });

  it('tokens expire after 30 minutes on the emulator clock; SLAS tokens open no other product', async () => {
    const { token } = await guestLogin();
    const q = new URLSearchParams({ client_id: publicClient.id, refresh_token: token.body.refresh_token });
    const oci = await run.http.post(`/inventory/availability/v1/organizations/${DEMO.salesforce.tenantGroupId}/availability-records/actions/get-availability`).set('Authorization', `Bearer ${token.body.access_token}`).send({ skus: ['SKU-0001'], locations: ['WH-EAST'] });
    expect(oci.status).toBe(401);
    const ocapi = await run.http.get('/s/-/dw/data/v25_6/inventory_lists').set('Authorization', `Bearer ${token.body.access_token}`);
    expect(ocapi.status).toBe(401);
    await run.emulator.clock.advance(1_800_000);
    expect((await run.http.get(`${AUTH}/logout?${q}`).set('Authorization', `Bearer ${token.body.access_token}`)).status).toBe(401);
  });

  it('publishes the OpenID configuration of the tenant', async () => {
    const res = await run.http.get(`${AUTH}/.well-known/openid-configuration`);
    expect(res.body).toMatchObject({ issuer: `slas/prod/${DEMO.b2c.instanceId}`, code_challenge_methods_supported: ['S256'] });
    expect(res.body.jwks_uri).toMatch(/\/oauth2\/jwks$/);
  });
});

describe('mistakes, each an OAuth error as SLAS sends it', () => {
  const { challenge } = pkce();
  const authorize = (q: Record<string, string>) => run.http.get(`${AUTH}/authorize?${new URLSearchParams(q)}`).redirects(0);
  const ok = { client_id: publicClient.id, response_type: 'code', redirect_uri: publicClient.redirectUri, hint: 'guest', code_challenge: challenge };
  it.each([
    ['an unknown client', { ...ok, client_id: 'nope' }],
    ['response_type token', { ...ok, response_type: 'token' }],
    ['a redirect URI not registered', { ...ok, redirect_uri: 'https://evil.example/cb' }],
    ['no code_challenge for a public client', { client_id: ok.client_id, response_type: 'code', redirect_uri: ok.redirect_uri, hint: 'guest' }],
    ['a site that does not exist', { ...ok, channel_id: 'NoSuchSite' }],
    ['a login that is not a guest one', { ...ok, hint: 'sso' }],
  ])('authorize with %s → 400 invalid_request', async (_case, q) => {
    const res = await authorize(q);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.error).toBe('invalid_request');
    validates('Oauth2ErrorResponse', res.body);
  });

  it.each([
    ['client_credentials without channel_id', { grant_type: 'client_credentials' }, basic(privateClient.id, privateClient.secret), 400],
    ['client_credentials with a wrong secret', { grant_type: 'client_credentials', channel_id: SITE }, basic(privateClient.id, 'wrong-secret-123'), 401],
    ['client_credentials by the public client', { grant_type: 'client_credentials', channel_id: SITE }, basic(publicClient.id, 'x'), 401],
    ['an unknown grant', { grant_type: 'password', channel_id: SITE }, undefined, 400],
    ['a garbage refresh token', { grant_type: 'refresh_token', client_id: publicClient.id, refresh_token: 'nope', channel_id: SITE }, undefined, 400],
    ['a Basic header that is not base64', { grant_type: 'client_credentials', channel_id: SITE }, 'Basic %%%', 401],
    ['a Basic header with a bad escape', { grant_type: 'client_credentials', channel_id: SITE }, basic('%zz', 'x'), 401],
  ])('token: %s → %i', async (_case, fields, auth, status) => {
    const res = await post(fields as Record<string, string>, auth);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatch(/^invalid_/);
  });

  it('a repeated parameter, an unknown organization, a wrong verifier', async () => {
    expect((await run.http.post(`${AUTH}/token`).type('form').send('grant_type=client_credentials&grant_type=refresh_token')).status).toBe(400);
    expect((await run.http.get('/shopper/auth/v1/organizations/f_ecom_nope_001/oauth2/jwks')).status).toBe(404);
    const { verifier, challenge: c } = pkce();
    const res = await authorize({ ...ok, code_challenge: c });
    const code = new URL(res.headers.location as string).searchParams.get('code')!;
    const wrong = await post({ grant_type: 'authorization_code_pkce', client_id: publicClient.id, code, code_verifier: `${verifier.slice(0, -1)}A`, redirect_uri: publicClient.redirectUri, channel_id: SITE });
    expect([wrong.status, wrong.body.error_description]).toEqual([400, 'code_verifier does not match the code_challenge.']);
  });
});

describe('what a session may not do', () => {
  it('a private client exchanges its code only with its secret', async () => {
    const created = await run.http.post(`/__emulator/instances/${DEMO.b2c.instanceId}/slas-clients`).send({ id: 'priv-redirect', secret: 'Priv-Secret-12345', redirectUris: ['http://localhost:4000/cb'] });
    expect(created.body.secret).toBe('Priv-Secret-12345');
    const code = async () => {
      const res = await run.http.get(`${AUTH}/authorize?${new URLSearchParams({ client_id: 'priv-redirect', response_type: 'code', redirect_uri: 'http://localhost:4000/cb', hint: 'guest', channel_id: SITE })}`).redirects(0);
      return new URL(res.headers.location as string).searchParams.get('code')!;
    };
    const fields = async () => ({ grant_type: 'authorization_code_pkce', client_id: 'priv-redirect', code: await code(), redirect_uri: 'http://localhost:4000/cb', channel_id: SITE });
    expect((await post(await fields())).status).toBe(401);
    expect((await post(await fields(), basic('priv-redirect', 'Priv-Secret-12345'))).status).toBe(200);
    // Its secret is kept only as a hash.
    expect(JSON.stringify(run.emulator.store.get(`b2c-slas.${DEMO.b2c.instanceId}`))).not.toContain('Priv-Secret-12345');
  });

  it('logout revokes the access token too', async () => {
    const a = await post({ grant_type: 'client_credentials', channel_id: SITE, usid: 'same-usid' }, basic(privateClient.id, privateClient.secret));
    const b = await post({ grant_type: 'client_credentials', channel_id: SITE, usid: 'same-usid' }, basic(privateClient.id, privateClient.secret));
    const logout = (access: string, refresh: string) => run.http.get(`${AUTH}/logout?${new URLSearchParams({ client_id: privateClient.id, refresh_token: refresh })}`).set('Authorization', `Bearer ${access}`);
    expect((await logout(a.body.access_token, a.body.refresh_token)).status).toBe(200);
    expect((await logout(a.body.access_token, b.body.refresh_token)).status).toBe(401);
    expect((await logout(b.body.access_token, b.body.refresh_token)).status).toBe(200);
  });

  it('a usid is letters, digits and dashes; dnt and scope are carried', async () => {
    const bad = await post({ grant_type: 'client_credentials', channel_id: SITE, usid: 'abc::scid:evil' }, basic(privateClient.id, privateClient.secret));
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_request']);
    const dnt = await post({ grant_type: 'client_credentials', channel_id: SITE, dnt: 'true' }, basic(privateClient.id, privateClient.secret));
    expect(dnt.body.dnt).toBe('true');
    const { payload } = await jwtVerify(dnt.body.access_token, createLocalJWKSet((await run.http.get(`${AUTH}/jwks`)).body), { currentDate: run.emulator.clock.date() });
    expect(payload.dnt).toBe('1');
    const { challenge } = pkce();
    const q = new URLSearchParams({ client_id: publicClient.id, response_type: 'code', redirect_uri: publicClient.redirectUri, hint: 'guest', code_challenge: challenge, scope: 'openid offline_access' });
    const auth = await run.http.get(`${AUTH}/authorize?${q}`).redirects(0);
    expect(new URL(auth.headers.location as string).searchParams.get('scope')).toBe('openid offline_access');
  });
});

describe('SLAS clients on the control plane', () => {
  it('lists the demo clients and creates a private one that can log in at once', async () => {
    const list = await run.http.get(`/__emulator/instances/${DEMO.b2c.instanceId}/slas-clients`);
    expect(list.body.clients.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([publicClient.id, privateClient.id]));
    expect(list.body.clients.find((c: { id: string }) => c.id === privateClient.id)).toMatchObject({ type: 'private' });
    expect(JSON.stringify(list.body)).not.toContain(privateClient.secret);
    const created = await run.http.post(`/__emulator/instances/${DEMO.b2c.instanceId}/slas-clients`).send({ id: 'test-private', secret: 'Test-Secret-12345', channels: [SITE] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'test-private', type: 'private', channels: [SITE] });
    expect((await post({ grant_type: 'client_credentials', channel_id: SITE }, basic('test-private', 'Test-Secret-12345'))).status).toBe(200);
    expect((await run.http.post(`/__emulator/instances/${DEMO.b2c.instanceId}/slas-clients`).send({ id: 'test-private' })).status).toBe(409);
    expect((await run.http.post(`/__emulator/instances/${DEMO.b2c.instanceId}/slas-clients`).send({ secret: 'short' })).status).toBe(400);
    expect((await run.http.get('/__emulator/instances/nope/slas-clients')).status).toBe(404);
    // An Account Manager token is no shopper token.
    const am = await tokenFor(run.http);
    expect((await run.http.get(`${AUTH}/logout?client_id=${publicClient.id}&refresh_token=x`).set('Authorization', `Bearer ${am}`)).status).toBe(401);
  });
});
