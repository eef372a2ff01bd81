import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantGroupAccess } from '../../emulator/oci/tenant-access.js';
import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { createClient } from '../account-manager/helpers.js';
import { probeApp } from './probe.js';

// The protected-route matrix: every failure of the shared guard, on an OCI-style route with a tenant group.

const PREFIX = '/inventory/availability/v1';
let run: Running;
let http: ReturnType<typeof supertest>;
let good: string;
let expired: string;
let otherInstance: string;

beforeAll(async () => {
  run = await startEmulator();
  const app = probeApp(run.emulator, PREFIX, { anyScope: ['sfcc.inventory.availability', 'sfcc.inventory.availability.rw'], tenant: tenantGroupAccess(run.emulator.services) });
  http = supertest(app);
  expired = await tokenFor(run.http);
  await run.emulator.clock.advance(1801_000);
  good = await tokenFor(run.http);
  // A second instance of the same realm, allowed by the client filter but not linked to the tenant group.
  const client = await createClient(run, {
    roles: ['SALESFORCE_COMMERCE_API'],
    roleTenantFilter: 'SALESFORCE_COMMERCE_API:zzzz_002',
    scopes: ['sfcc.inventory.availability'],
  });
  otherInstance = await tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_002 sfcc.inventory.availability', client);
});
afterAll(() => run.close());

const forged = async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return new SignJWT({ scope: ['sfcc.inventory.availability'] })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer('https://account.demandware.com:443/dwsso/oauth2')
    .setExpirationTime('1h')
    .sign(privateKey);
};

describe('protected route matrix', () => {
  const probe = (tg: string, auth?: string) => {
    const r = http.post(`${PREFIX}/organizations/${tg}/probe`);
    return auth === undefined ? r : r.set('Authorization', auth);
  };

  it('a valid token for a linked instance passes and names the tenant', async () => {
    const res = await probe(TENANT_GROUP, `Bearer ${good}`);
    expect(res.status).toBe(200);
    expect(res.body.tenant).toBe(TENANT_GROUP);
  });

  it.each([
    ['no Authorization header', () => undefined],
    ['a Basic header', () => 'Basic YTpi'],
    ['a garbage token', () => 'Bearer not-a-token'],
    ['a token signed by someone else', async () => `Bearer ${await forged()}`],
    ['an expired token', () => `Bearer ${expired}`],
  ])('%s → 401 with a Bearer challenge, gateway problem+json', async (_name, header) => {
    const res = await probe(TENANT_GROUP, await header());
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="inventory", error="invalid_token"/);
    expect(res.body).toEqual({
      type: 'https://api.commercecloud.salesforce.com/documentation/error/v1/errors/unauthorized',
      title: 'Unauthorized',
      detail: 'Your access token is invalid or expired and can’t be used to identify a user.',
    });
  });

  it('a token without the scope → 403 insufficient_scope', async () => {
    const narrow = await tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_001 sfcc.inventory.reservations');
    const res = await probe(TENANT_GROUP, `Bearer ${narrow}`);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    expect(res.body.type).toMatch(/errors\/forbidden$/);
  });

  it.each([
    ['an instance not linked to the tenant group', () => otherInstance, TENANT_GROUP, /not linked/],
    ['an unknown tenant group', () => good, 'no-such-tenant-group', /does not exist/],
    ['a token that names no instance', () => '', TENANT_GROUP, /names no instance/],
  ])('%s → 403 TenantNotProvisioned in OCI form', async (_name, tokenOf, tg, explain) => {
    const token = tokenOf() || (await tokenFor(run.http, 'sfcc.inventory.availability'));
    const res = await probe(tg, `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ type: 'about:blank', errorCode: 'TenantNotProvisioned', message: 'The client is not correctly configured to access the system.' });
    expect(res.headers['x-emulator-explain']).toMatch(explain);
  });

  it('a token stops working when the clock passes its expiry, without restarting anything', async () => {
    const token = await tokenFor(run.http);
    expect((await probe(TENANT_GROUP, `Bearer ${token}`)).status).toBe(200);
    await run.emulator.clock.advance(1800_000);
    expect((await probe(TENANT_GROUP, `Bearer ${token}`)).status).toBe(401);
  });
});
