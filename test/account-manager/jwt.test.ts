import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, integration, startEmulator, TENANT, tokenFor, type Running } from '../helpers/emulator.js';

const ISSUER = 'https://account.demandware.com:443/dwsso/oauth2';
let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

describe('Account Manager JWTs', () => {
  it('verify with jose against the published JWKS, with the real issuer and the client as audience', async () => {
    const token = await tokenFor(run.http, `SALESFORCE_COMMERCE_API:${TENANT} sfcc.inventory.availability roles tenantFilter`);
    const jwks = createRemoteJWKSet(new URL(`${run.url}/dwsso/oauth2/connect/jwk_uri`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: ISSUER,
      audience: integration.id,
      algorithms: ['RS256'],
      currentDate: run.emulator.clock.date(),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: integration.id,
      subname: integration.id,
      client_id: integration.id,
      cts: 'OAUTH2_STATELESS_GRANT',
      tokenName: 'access_token',
      token_type: 'Bearer',
      grant_type: 'client_credentials',
      realm: '/',
      expires_in: 1800,
      scope: ['sfcc.inventory.availability', 'roles', 'tenantFilter', `SALESFORCE_COMMERCE_API:${TENANT}`],
      roles: ['SALESFORCE_COMMERCE_API'],
      tenantFilter: `SALESFORCE_COMMERCE_API:${TENANT}`,
    });
    expect(payload.exp! - payload.iat!).toBe(1800);
    expect(payload.iat).toBe(run.emulator.clock.epochSeconds());
    expect(payload.nbf).toBe(payload.iat);
    expect(typeof payload.jti).toBe('string');
  });

  it('discovery names the issuer and the JWKS of this emulator', async () => {
    const res = await run.http.get('/dwsso/oauth2/.well-known/openid-configuration');
    expect(res.status).toBe(200);
    expect(res.body.issuer).toBe(ISSUER);
    expect(res.body.jwks_uri).toBe(`${run.url}/dwsso/oauth2/connect/jwk_uri`);
    expect(res.body.token_endpoint).toBe(`${run.url}/dwsso/oauth2/access_token`);
    const jwks = await run.http.get('/dwsso/oauth2/connect/jwk_uri');
    expect(jwks.body.keys).toHaveLength(1);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.body.keys[0].d).toBeUndefined();
    const token = await tokenFor(run.http);
    expect(decodeProtectedHeader(token).kid).toBe(jwks.body.keys[0].kid);
  });

  it('discovery names only endpoints this emulator serves (no authorization endpoint: no code flow here)', async () => {
    const doc = (await run.http.get('/dwsso/oauth2/.well-known/openid-configuration')).body as Record<string, unknown>;
    expect(doc.authorization_endpoint).toBeUndefined();
    expect(doc.response_types_supported).toEqual([]);
    expect(doc.grant_types_supported).toEqual(['client_credentials']);
    const endpoints = Object.entries(doc).filter(([key, value]) => /_(endpoint|uri)$/.test(key) && typeof value === 'string');
    expect(endpoints.map(([key]) => key).sort()).toEqual(['jwks_uri', 'token_endpoint']);
    for (const [key, url] of endpoints) {
      const path = new URL(url as string).pathname;
      const res = key === 'token_endpoint' ? await run.http.post(path).type('form').send('grant_type=client_credentials') : await run.http.get(path);
      expect([key, res.status]).not.toEqual([key, 404]);
    }
    expect((await run.http.get('/dwsso/oauth2/authorize')).status).toBe(404);
  });

  it('expire after 1800 s on the emulator clock: valid at 1799 s, refused at 1801 s', async () => {
    const token = await adminToken(run.http);
    const read = () => run.http.get(`/dw/rest/v1/apiclients/${integration.id}`).set('Authorization', `Bearer ${token}`);
    expect((await read()).status).toBe(200);
    await run.emulator.clock.advance(1799_000);
    expect((await read()).status).toBe(200);
    await run.emulator.clock.advance(2_000);
    const expired = await read();
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0].code).toBe('InvalidTokenException');
    expect(expired.headers['x-emulator-explain']).toMatch(/exp is in the past/);
    const jwks = createRemoteJWKSet(new URL(`${run.url}/dwsso/oauth2/connect/jwk_uri`));
    await expect(jwtVerify(token, jwks, { currentDate: run.emulator.clock.date() })).rejects.toThrow(/exp/);
  });

  it('with a frozen clock and the same seed, two emulators issue byte-identical tokens', async () => {
    const other = await startEmulator();
    try {
      const fresh = await startEmulator();
      try {
        expect(await tokenFor(other.http)).toBe(await tokenFor(fresh.http));
      } finally {
        await fresh.close();
      }
    } finally {
      await other.close();
    }
  });
});
