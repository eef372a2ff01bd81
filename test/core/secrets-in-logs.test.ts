import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../emulator/core/log.js';
import { redactedUrl } from '../../emulator/core/http/record-requests.js';
import { admin, basic, integration, startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { ADMIN, APP, assertion, loginEnvelope, soapLogin } from '../salesforce-org/helpers.js';

// Client secrets, passwords, tokens and assertions reach the emulator in headers, form bodies, query strings,
// JSON and XML. None of them may reach a log line or the journal (which the control plane serves): every way of
// sending one, right or wrong, is tried here with the console log at its most talkative.

let run: Running;
const lines: string[] = [];
const secrets: string[] = [];
/** A secret to send, remembered for the final check. */
const secret = (value: string) => (secrets.push(value), value);

beforeAll(async () => {
  run = await startEmulator({ logger: createLogger('debug', (line) => lines.push(line)) });
});
afterAll(() => run.close());

const AM_TOKEN = '/dwsso/oauth2/access_token';
const ORG_TOKEN = '/services/oauth2/token';
const CLIENT_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('the journal and the console log never show a secret', () => {
  it('Account Manager token requests: Basic, client_secret in the body and in the query, client assertions', async () => {
    secret(integration.secret);
    secret(admin.secret);
    const token = secret(await tokenFor(run.http));
    await run.http.post(AM_TOKEN).set('Authorization', basic(integration.id, secret('Wrong-Basic-Secret-1'))).type('form').send({ grant_type: 'client_credentials' });
    await run.http.post(AM_TOKEN).type('form').send({ grant_type: 'client_credentials', client_id: integration.id, client_secret: secret('Wrong-Posted-Secret-2') });
    await run.http.post(`${AM_TOKEN}?client_id=${integration.id}&client_secret=${secret('Query-Secret-3')}&grant_type=client_credentials`);
    await run.http.post(`${AM_TOKEN}?Client_Secret=${secret('Query-Secret-Mixed-Case-4')}&client_secret[]=${secret('Query-Secret-Bracketed-5')}`);
    await run.http.post(AM_TOKEN).type('form').send({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION, client_assertion: secret('eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJlLTY') });
    await run.http.post(`${AM_TOKEN}?client_assertion_type=${encodeURIComponent(CLIENT_ASSERTION)}&client_assertion=${secret('eyJhbGciOiJub25lIn0.eyJzdWIiOiI3In0.c2lnLTc')}`);
    await run.http.post(`/dw/oauth2/access_token?client_secret=${secret('Legacy-Prefix-Secret-8')}`);
    await run.http.get(`/dw/rest/v1/apiclients?access_token=${token}`);
  });

  it('the org token endpoint: consumer secret, user password and security token, JWT assertions', async () => {
    secret(APP.consumerSecret);
    secret(ADMIN.password);
    const jwt = secret(await assertion(run));
    await run.http.post(ORG_TOKEN).type('form').send({ grant_type: 'client_credentials', client_id: APP.consumerKey, client_secret: APP.consumerSecret });
    await run.http.post(ORG_TOKEN).type('form').send({ grant_type: 'password', client_id: APP.consumerKey, client_secret: APP.consumerSecret, username: ADMIN.username, password: ADMIN.password });
    await run.http.post(ORG_TOKEN).type('form').send({ grant_type: 'password', client_id: APP.consumerKey, client_secret: secret('Wrong-Consumer-Secret-9'), username: ADMIN.username, password: secret('Wrong-Password-10') });
    await run.http.post(`${ORG_TOKEN}?grant_type=password&client_id=${APP.consumerKey}&password=${secret('Query-Password-11')}&refresh_token=${secret('Refresh-Token-12')}&code=${secret('Auth-Code-13')}`);
    await run.http.post(ORG_TOKEN).type('form').send({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt });
    await run.http.post(`${ORG_TOKEN}?grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=${jwt}`);
    await soapLogin(run, loginEnvelope(ADMIN.username, secret('Soap-Password-14')));
    await soapLogin(run, loginEnvelope(ADMIN.username, ADMIN.password));
  });

  it('bearer tokens, right and wrong, on the APIs', async () => {
    const token = secret(await tokenFor(run.http));
    await run.http.get('/dw/rest/v1/apiclients').set('Authorization', `Bearer ${token}`);
    await run.http.get('/dw/rest/v1/apiclients').set('Authorization', `Bearer ${secret('not.a-real.token-15')}`);
    await run.http.get('/dw/rest/v1/apiclients').set('Authorization', `Basic ${secret(Buffer.from('x:Basic-On-Api-16').toString('base64'))}`);
    await run.http.post('/inventory/availability/v1/organizations/x/availability-records/actions/get-availability').set('Authorization', `Bearer ${token}`).send({});
  });

  it('passwords in the Account Manager API: create, a too-weak one, a password change, and JSON that is not JSON', async () => {
    const bearer = `Bearer ${secret(await tokenFor(run.http, 'mail roles', admin))}`;
    const org = (await run.http.get('/dw/rest/v1/apiclients?size=1').set('Authorization', bearer)).body.content[0].organizations[0];
    const created = await run.http.post('/dw/rest/v1/apiclients').set('Authorization', bearer).send({ name: 'logs-test', organizations: [org], password: secret('Created-Password-17!') });
    expect(created.status).toBe(201);
    await run.http.post('/dw/rest/v1/apiclients').set('Authorization', bearer).send({ name: 'logs-weak', organizations: [org], password: secret('weak18') });
    await run.http.put(`/dw/rest/v1/apiclients/${created.body.id}/password`).set('Authorization', bearer).send({ old: 'Created-Password-17!', new: secret('Changed-Password-19!') });
    await run.http.put(`/dw/rest/v1/apiclients/${created.body.id}/password`).set('Authorization', bearer).send({ old: secret('Wrong-Old-Password-20'), new: secret('Another-Password-21!') });
    // A form sent as JSON: the parser's message quotes the text around the bad token.
    await run.http.post('/dw/rest/v1/apiclients').set('Authorization', bearer).set('Content-Type', 'application/json').send(`password=${secret('Snippet-Secret-22')}`);
    await run.http.post('/dw/rest/v1/apiclients').set('Authorization', bearer).set('Content-Type', 'application/json').send(`{"name":"x","password": ${secret('Unquoted-Secret-23')}}`);
    await run.http.post('/dw/rest/v1/apiclients').set('Authorization', bearer).set('Content-Type', 'application/json').send(`pw=${secret('abc24')}`);
    // Not even a fragment: the notes keep the parser's words and drop its excerpt.
    const notes = run.emulator.journal.query({ kind: 'request', limit: 3 }).map((e) => (e.kind === 'request' ? e.note : undefined));
    expect(notes).toEqual(["'p'", "'U'", "'p'"].map((token) => `The request body is not valid JSON: Unexpected token ${token}`));
  });

  it('… checked against every log line and every journal entry, also as the control plane serves them', async () => {
    const journal = JSON.stringify(run.emulator.journal.query({ limit: 10_000 }));
    const served = (await run.http.get('/__emulator/journal?limit=10000')).text;
    expect(lines.length).toBeGreaterThan(20);
    expect(journal).toContain('client_secret=***');
    for (const value of secrets) {
      // Also as the query string carries it, and as each part of a JWT.
      const forms = [value, encodeURIComponent(value), ...value.split('.').filter((part) => part.length >= 8)];
      for (const form of forms) {
        expect(lines.filter((l) => l.includes(form)), `log lines with ${form}`).toEqual([]);
        expect(journal.includes(form), `journal holds ${form}`).toBe(false);
        expect(served.includes(form), `served journal holds ${form}`).toBe(false);
      }
    }
  });
});

describe('redactedUrl', () => {
  it.each([
    ['/t?client_secret=s&scope=a', '/t?client_secret=***&scope=a'],
    ['/t?CLIENT_SECRET=s', '/t?CLIENT_SECRET=***'],
    ['/t?client_secret[]=s&client_secret[0]=t', '/t?client_secret%5B%5D=***&client_secret%5B0%5D=***'],
    ['/t?password=p&username=u', '/t?password=***&username=u'],
    ['/t?assertion=a&client_assertion=b&client_assertion_type=c', '/t?assertion=***&client_assertion=***&client_assertion_type=c'],
    ['/t?access_token=a&refresh_token=b&token=c&code=d&code_verifier=e', '/t?access_token=***&refresh_token=***&token=***&code=***&code_verifier=***'],
    ['/t?scope=a', '/t?scope=a'],
    ['/t', '/t'],
  ])('%s → %s', (url, shown) => {
    expect(redactedUrl(url)).toBe(shown);
  });
});
