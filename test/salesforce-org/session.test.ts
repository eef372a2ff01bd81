import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALESFORCE_NAMESPACE, type SalesforceState } from '../../emulator/salesforce-org/model.js';
import { adminToken, startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { ADMIN, API, APP, assertion, jwtGrant, loginEnvelope, ORG, orgToken, soapLogin } from './helpers.js';

// Org sessions on protected routes: who gets in (OAuth tokens of each grant, SOAP sessions), who does not (no
// token, Account Manager tokens, forged or expired sessions, sessions without API scope), and the API versions.

let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

const LOCATION = '131000000000001AAA';
const get = (token: string | undefined, path = `${API}/sobjects/Location/${LOCATION}`) => {
  const r = run.http.get(path);
  return token === undefined ? r : r.set('Authorization', `Bearer ${token}`);
};
const invalidSession = (res: { status: number; body: unknown; headers: Record<string, string> }, message = 'Session expired or invalid') => {
  expect(res.status).toBe(401);
  expect(res.body).toEqual([{ message, errorCode: 'INVALID_SESSION_ID' }]);
  expect(res.headers['www-authenticate']).toBe('Token');
};

describe('who may call the org REST API', () => {
  it('a client-credentials token, a JWT-bearer token and a SOAP session id all pass; the journal names the user', async () => {
    const jwt = (await jwtGrant(run, await assertion(run))).body.access_token as string;
    const soap = /<sessionId>([^<]+)<\/sessionId>/.exec((await soapLogin(run, loginEnvelope(ADMIN.username, ADMIN.password))).text)![1]!;
    for (const token of [await orgToken(run), jwt, soap]) {
      const res = await get(token);
      expect(res.status).toBe(200);
      expect(res.body.ExternalReference).toBe('WH-EAST');
    }
    expect(run.emulator.journal.query({ path: `${API}/sobjects` }).at(-1)).toMatchObject({ client: ADMIN.username, status: 200 });
  });

  it('no token, a garbage token, a forged session or another org prefix → 401 INVALID_SESSION_ID', async () => {
    invalidSession(await get(undefined));
    invalidSession(await get('not-a-token'));
    invalidSession(await get(`${ORG.orgId.slice(0, 15)}!eyJhbGciOiJub25lIn0.e30.`));
    const token = await orgToken(run);
    invalidSession(await get(token.replace(/^00D000000000001/, '00D000000000002')));
  });

  it('an Account Manager token is not a Salesforce session; AM itself still accepts its own tokens', async () => {
    invalidSession(await get(await tokenFor(run.http)));
    const admin = await adminToken(run.http);
    expect((await run.http.get('/dw/rest/v1/apiclients').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
  });

  it('a session without api, full or refresh_token scope is not valid for the REST API', async () => {
    const app = run.emulator.store.get<SalesforceState>(SALESFORCE_NAMESPACE)!.connectedApps[APP.consumerKey]!;
    const scopes = app.scopes;
    app.scopes = ['sfcc_inventory_availability'];
    try {
      invalidSession(await get(await orgToken(run)), 'This session is not valid for use with the REST API');
    } finally {
      app.scopes = scopes;
    }
  });

  it('sessions last two hours on the virtual clock', async () => {
    const token = await orgToken(run);
    await run.emulator.clock.advance(7_199_000);
    expect((await get(token)).status).toBe(200);
    await run.emulator.clock.advance(1_000);
    invalidSession(await get(token));
  });
});

describe('API versions', () => {
  it('GET /services/data lists 31.0 to 66.0 with release labels, without a session', async () => {
    const res = await run.http.get('/services/data/');
    expect(res.status).toBe(200);
    expect(res.body[0]).toEqual({ label: "Summer '14", url: '/services/data/v31.0', version: '31.0' });
    expect(res.body.at(-1)).toEqual({ label: "Spring '26", url: '/services/data/v66.0', version: '66.0' });
    expect(res.body).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
  });

  it('a version lists its resources', async () => {
    const res = await get(await orgToken(run), API);
    expect(res.status).toBe(200);
    expect(res.body.sobjects).toBe(`${API}/sobjects`);
  });

  it('retired versions → 410 GONE; future or malformed versions → 404 NOT_FOUND', async () => {
    const token = await orgToken(run);
    const gone = await get(token, `/services/data/v30.0/sobjects/Location/${LOCATION}`);
    expect(gone.status).toBe(410);
    expect(gone.body[0].errorCode).toBe('GONE');
    for (const v of ['v67.0', 'v62', 'latest']) {
      const res = await get(token, `/services/data/${v}/sobjects/Location/${LOCATION}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    }
  });

  it('the graph objects exist from 51.0 on', async () => {
    const token = await orgToken(run);
    expect((await get(token, `/services/data/v50.0/sobjects/LocationGroup/describe`)).status).toBe(404);
    expect((await get(token, `/services/data/v51.0/sobjects/LocationGroup/describe`)).status).toBe(200);
    expect((await get(token, `/services/data/v31.0/commerce/oci/location-graph/uploads/x`)).status).toBe(404);
  });
});

describe('Setup → Omnichannel Inventory', () => {
  const PAGE = '/lightning/setup/OmnichannelInventory/home';

  it('shows OCI enabled, the OCI host, the tenant id and the emulator host', async () => {
    const res = await get(await orgToken(run), PAGE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      omnichannelInventory: { enabled: true },
      host: 'kv7kzm78.api.commercecloud.salesforce.com',
      tenantId: ORG.tenantGroupId,
      emulatorHost: run.url,
      org: { id: ORG.orgId, name: ORG.orgName },
    });
  });

  it('needs a session of the org', async () => {
    expect((await get(undefined, PAGE)).status).toBe(401);
    const am = await get(await tokenFor(run.http), PAGE);
    expect(am.status).toBe(401);
    expect(am.body.error).toBe('InvalidToken');
  });
});
