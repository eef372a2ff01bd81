import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALESFORCE_NAMESPACE, type SalesforceState } from '../../emulator/salesforce-org/model.js';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { ADMIN, APP, assertion, clientCredentials, INTEGRATION, jwtGrant, ORG, TOKEN_URL } from './helpers.js';

// The org's token endpoint: the three grants, every refusal with Salesforce's exact body, and the request shapes
// real clients send (form, multipart form-data as Postman does, query string, HTTP Basic).

let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

const registry = () => run.emulator.store.get<SalesforceState>(SALESFORCE_NAMESPACE)!;
const ORG15 = ORG.orgId.slice(0, 15);
const refused = (res: { status: number; body: unknown; headers: Record<string, string> }, error: string, description: string) => {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
  expect(res.body).toEqual({ error, error_description: description });
  expect(Object.keys(res.body as object)).toEqual(['error', 'error_description']);
};

describe('client_credentials', () => {
  it('acts as the run-as user and answers with the documented fields, in order', async () => {
    const res = await clientCredentials(run);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.headers['cache-control']).toContain('no-store');
    expect(Object.keys(res.body)).toEqual(['access_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    const id = `${run.url}/id/${ORG.orgId}/${INTEGRATION.id}`;
    expect(res.body).toMatchObject({ instance_url: run.url, id, token_type: 'Bearer', issued_at: String(run.emulator.clock.now()) });
    expect(res.body.access_token).toMatch(new RegExp(`^${ORG15}!`));
    expect(res.body.scope.split(' ')).toContain('api');
    expect(res.body.scope.split(' ')).not.toContain('refresh_token');
    expect(res.body.signature).toBe(createHmac('sha256', APP.consumerSecret).update(id + res.body.issued_at).digest('base64'));
  });

  it('takes the client by HTTP Basic too', async () => {
    const basic = `Basic ${Buffer.from(`${APP.consumerKey}:${APP.consumerSecret}`).toString('base64')}`;
    const res = await run.http.post(TOKEN_URL).set('Authorization', basic).type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
  });

  it('an unknown consumer key → invalid_client_id', async () => {
    const res = await run.http.post(TOKEN_URL).type('form').send({ grant_type: 'client_credentials', client_id: '3MVG9Nobody', client_secret: 'x' });
    refused(res, 'invalid_client_id', 'client identifier invalid');
    expect(res.headers['x-emulator-explain']).toMatch(/no connected app/);
  });

  it('a wrong or missing consumer secret → invalid_client', async () => {
    refused(await run.http.post(TOKEN_URL).type('form').send({ grant_type: 'client_credentials', client_id: APP.consumerKey, client_secret: 'nope' }), 'invalid_client', 'invalid client credentials');
    refused(await run.http.post(TOKEN_URL).type('form').send({ grant_type: 'client_credentials', client_id: APP.consumerKey }), 'invalid_client', 'invalid client credentials');
  });

  it('an app without a run-as user → no client credentials user enabled', async () => {
    const app = registry().connectedApps[APP.consumerKey]!;
    const runAs = app.runAsUsername;
    app.runAsUsername = null;
    try {
      refused(await clientCredentials(run), 'invalid_grant', 'no client credentials user enabled');
    } finally {
      app.runAsUsername = runAs;
    }
  });
});

describe('password', () => {
  const password = (username: string, pass: string, secret: string = APP.consumerSecret) =>
    run.http.post(TOKEN_URL).type('form').send({ grant_type: 'password', username, password: pass, client_id: APP.consumerKey, client_secret: secret });

  it('password followed by the security token, as the Postman collection sends it', async () => {
    const res = await password(ADMIN.username, `${ADMIN.password}${ADMIN.securityToken}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['access_token', 'instance_url', 'id', 'token_type', 'issued_at', 'signature', 'scope']);
    expect(res.body.id).toBe(`${run.url}/id/${ORG.orgId}/${ADMIN.id}`);
    expect(res.body.scope.split(' ')).toEqual(expect.arrayContaining(['api', 'refresh_token', 'sfcc_inventory_availability']));
  });

  it('the password alone works as well (a trusted network), and usernames are case-insensitive', async () => {
    expect((await password(ADMIN.username.toUpperCase(), ADMIN.password)).status).toBe(200);
  });

  it('wrong password, wrong token, unknown user → authentication failure', async () => {
    refused(await password(ADMIN.username, 'Wrong-Password-1'), 'invalid_grant', 'authentication failure');
    refused(await password(ADMIN.username, `${ADMIN.password}WRONGTOKEN`), 'invalid_grant', 'authentication failure');
    refused(await password('nobody@demo-retail.example', ADMIN.password), 'invalid_grant', 'authentication failure');
  });

  it('checks the client first: a bad secret is invalid_client even with good user credentials', async () => {
    refused(await password(ADMIN.username, ADMIN.password, 'bad'), 'invalid_client', 'invalid client credentials');
  });

  it('parameters in the query string work too', async () => {
    const res = await run.http
      .post(TOKEN_URL)
      .query({ grant_type: 'password', username: ADMIN.username, password: ADMIN.password, client_id: APP.consumerKey, client_secret: APP.consumerSecret });
    expect(res.status).toBe(200);
    const entry = run.emulator.journal.query({ path: TOKEN_URL }).at(-1)!;
    expect(JSON.stringify(entry)).not.toContain(ADMIN.password);
  });
});

describe('JWT bearer', () => {
  it('a valid assertion → the documented fields, for the user named by sub', async () => {
    const res = await jwtGrant(run, await assertion(run));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['access_token', 'scope', 'instance_url', 'id', 'token_type']);
    expect(res.body.id).toBe(`${run.url}/id/${ORG.orgId}/${ADMIN.id}`);
    expect(res.body.access_token).toMatch(new RegExp(`^${ORG15}!`));
  });

  it.each(['https://test.salesforce.com', 'https://login.salesforce.com/', 'EMULATOR'])('aud %s is accepted', async (aud) => {
    const res = await jwtGrant(run, await assertion(run, { aud: aud === 'EMULATOR' ? run.url : aud }));
    expect(res.status).toBe(200);
  });

  it('Host: login.salesforce.com (as the Postman collection sets it) still names the emulator, for aud and instance_url', async () => {
    const res = await run.http.post(TOKEN_URL).set('Host', 'login.salesforce.com').type('form').send({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: await assertion(run, { aud: run.url }),
    });
    expect(res.status).toBe(200);
    expect(res.body.instance_url).toBe(run.url);
  });

  it('multipart/form-data, as Postman sends its "form-data" body', async () => {
    const res = await run.http.post(TOKEN_URL).field('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer').field('assertion', await assertion(run));
    expect(res.status).toBe(200);
  });

  it('signed by another key → invalid assertion', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    refused(await jwtGrant(run, await assertion(run, {}, privateKey)), 'invalid_grant', 'invalid assertion');
  });

  it('not a JWT, or no assertion at all → invalid assertion', async () => {
    refused(await jwtGrant(run, 'not-a-jwt'), 'invalid_grant', 'invalid assertion');
    refused(await run.http.post(TOKEN_URL).type('form').send({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }), 'invalid_grant', 'invalid assertion');
  });

  it('iss that is no consumer key → invalid_client_id', async () => {
    refused(await jwtGrant(run, await assertion(run, { iss: '3MVG9SomeoneElse' })), 'invalid_client_id', 'client identifier invalid');
  });

  it('sub that is no user → user hasn\u2019t approved this consumer', async () => {
    refused(await jwtGrant(run, await assertion(run, { sub: 'ghost@demo-retail.example' })), 'invalid_grant', "user hasn't approved this consumer");
  });

  it('a user who has not approved the app → user hasn\u2019t approved this consumer', async () => {
    const user = registry().users[INTEGRATION.username]!;
    const approved = user.approvedApps;
    user.approvedApps = [];
    try {
      refused(await jwtGrant(run, await assertion(run, { sub: INTEGRATION.username })), 'invalid_grant', "user hasn't approved this consumer");
    } finally {
      user.approvedApps = approved;
    }
  });

  it('an audience other than the login hosts or the emulator → audience is invalid', async () => {
    refused(await jwtGrant(run, await assertion(run, { aud: 'https://demo-retail.my.salesforce.com' })), 'invalid_grant', 'audience is invalid');
  });

  it('expired on the virtual clock → expired authorization code; no exp → invalid assertion', async () => {
    const text = await assertion(run, { exp: run.emulator.clock.epochSeconds() + 60 });
    expect((await jwtGrant(run, text)).status).toBe(200);
    await run.emulator.clock.advance(61_000);
    refused(await jwtGrant(run, text), 'invalid_grant', 'expired authorization code');
    refused(await jwtGrant(run, await assertion(run, { exp: undefined })), 'invalid_grant', 'invalid assertion');
  });
});

describe('other requests', () => {
  it('an unsupported grant type, or a body that is not a form → unsupported_grant_type', async () => {
    refused(await run.http.post(TOKEN_URL).type('form').send({ grant_type: 'authorization_code', code: 'x' }), 'unsupported_grant_type', 'grant type not supported');
    const json = await run.http.post(TOKEN_URL).send({ grant_type: 'client_credentials', client_id: APP.consumerKey, client_secret: APP.consumerSecret });
    refused(json, 'unsupported_grant_type', 'grant type not supported');
  });

  it('GET on the token endpoint → 405 in the same shape', async () => {
    const res = await run.http.get(TOKEN_URL);
    expect(res.status).toBe(405);
    expect(Object.keys(res.body)).toEqual(['error', 'error_description']);
  });
});
