import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { adminToken, startEmulator, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { orgToken } from '../salesforce-org/helpers.js';

// Hostile input against one route of every API family (fast-lane routes included): malformed percent-encoding
// in a path parameter, JSON nested thousands of levels deep, deeply bracketed form fields and query strings.
// Each is a 400 in the dialect of the API called, with no stack trace or file path in the body.

let run: Running;
const tokens = { am: '', admin: '', ocapi: '', org: '' };
beforeAll(async () => {
  run = await startEmulator();
  tokens.am = await tokenFor(run.http);
  tokens.admin = await adminToken(run.http);
  tokens.ocapi = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
  tokens.org = await orgToken(run);
});
afterAll(() => run.close());

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
type Auth = keyof typeof tokens | null;

const AM_REST = 'application/json';
const OAUTH = 'application/json;charset=UTF-8';
const PROBLEM = 'application/problem+json';
const OCAPI = 'application/json;charset=UTF-8';
const SF = 'application/json;charset=UTF-8';
const CONTROL = 'application/json; charset=utf-8';

const OCI = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const RESERVATIONS = `/inventory/reservation/v1/organizations/${TENANT_GROUP}`;
const IMPEX = `/inventory/impex/v1/organizations/${TENANT_GROUP}`;
const DATA = '/s/-/dw/data/v25_6';
const BM = '/on/demandware.store/Sites-Site/default';

/** Where the bad text goes: `{}` stands for the path parameter. */
const PATH_ROUTES: [string, Method, string, Auth, string][] = [
  ['Account Manager REST', 'get', '/dw/rest/v1/apiclients/{}', 'admin', AM_REST],
  ['Account Manager OAuth (legacy prefix)', 'get', '/dw/oauth2/{}', null, OAUTH],
  ['OCI availability (fast lane)', 'post', '/inventory/availability/v1/organizations/{}/availability-records/actions/get-availability', 'am', PROBLEM],
  ['OCI reservations (fast lane)', 'put', `${RESERVATIONS}/reservation-documents/{}`, 'am', PROBLEM],
  ['OCI availability record', 'put', `${OCI}/locations/{}/availability-records/skus/SKU-0001/r1`, 'am', PROBLEM],
  ['OCI impex', 'get', `${IMPEX}/availability-records/imports/{}/status`, 'am', PROBLEM],
  ['OCAPI Data', 'get', `${DATA}/inventory_lists/{}`, 'ocapi', OCAPI],
  ['Salesforce REST', 'get', '/services/data/v62.0/sobjects/Account/{}', 'org', SF],
  ['Salesforce setup pages', 'get', '/lightning/setup/C2CTrustRelationships/{}', 'org', CONTROL],
  ['B2C WebDAV', 'get', '/on/demandware.servlet/webdav/Sites/Impex/src/{}', 'am', CONTROL],
  ['control plane', 'delete', '/__emulator/snapshots/{}', null, CONTROL],
];

const JSON_ROUTES: [string, Method, string, Auth, string][] = [
  ['Account Manager REST', 'post', '/dw/rest/v1/apiclients', 'admin', AM_REST],
  ['OCI availability (fast lane)', 'post', `${OCI}/availability-records/actions/get-availability`, 'am', PROBLEM],
  ['OCI reservations (fast lane)', 'put', `${RESERVATIONS}/reservation-documents/deep-1`, 'am', PROBLEM],
  ['OCI availability record', 'put', `${OCI}/locations/WH-EAST/availability-records/skus/SKU-0001/deep-1`, 'am', PROBLEM],
  ['OCI impex', 'post', `${IMPEX}/availability-records/imports`, 'am', PROBLEM],
  ['OCAPI Data', 'patch', `${DATA}/inventory_lists/US-ONLINE`, 'ocapi', OCAPI],
  ['Salesforce REST', 'post', '/services/data/v62.0/sobjects/Account', 'org', SF],
  ['Salesforce Connect', 'post', '/services/data/v62.0/commerce/oci/availability/availability-records/actions/get-availability', 'org', SF],
  ['Salesforce setup pages', 'post', '/lightning/setup/OmnichannelInventory/home', 'org', CONTROL],
  ['Business Manager pages', 'post', `${BM}/SiteManagement-Create`, 'am', CONTROL],
  ['control plane', 'post', '/__emulator/clock/advance', null, CONTROL],
];

const QUERY_ROUTES: [string, string, Auth, string][] = [
  ['Account Manager REST', '/dw/rest/v1/apiclients', 'admin', AM_REST],
  ['OCAPI Data', `${DATA}/inventory_lists`, 'ocapi', OCAPI],
  ['control plane', '/__emulator/journal', null, CONTROL],
];

const FORM_ROUTES: [string, string, string][] = [
  ['Account Manager OAuth', '/dwsso/oauth2/access_token', OAUTH],
  ['Salesforce OAuth', '/services/oauth2/token', OAUTH],
];

const BAD_ESCAPES = ['%zz', '%E0%A4%A', '%ED%A0%80', 'ok%', '%C0%AF'];
const N = 5000;
const DEEP_BODIES: [string, string][] = [
  ['arrays', '['.repeat(N) + ']'.repeat(N)],
  ['objects', '{"a":'.repeat(N) + '1' + '}'.repeat(N)],
  // The Account Manager crash: a deep value where a field is expected, echoed back in a field error.
  ['a deep field', `{"name":${'['.repeat(N)}${']'.repeat(N)},"organizations":[],"password":"x","skus":${'['.repeat(N)}${']'.repeat(N)}}`],
];

function send(method: Method, path: string, auth: Auth): supertest.Test {
  const req = run.http[method](path);
  return auth ? req.set('Authorization', `Bearer ${tokens[auth]}`) : req;
}

function expectCleanRefusal(res: supertest.Response, contentType: string): void {
  expect(res.status, res.text.slice(0, 300)).toBe(400);
  expect(res.headers['content-type']).toBe(contentType);
  expect(() => JSON.parse(res.text)).not.toThrow();
  expect(res.text).not.toMatch(/<html|<pre>|\bat \S+ \(|\.[cm]?[jt]s:\d+|node_modules|\/work\/|RangeError|TypeError|URIError/i);
}

describe('malformed percent-encoding in a path parameter', () => {
  describe.each(PATH_ROUTES)('%s', (_family, method, path, auth, contentType) => {
    it.each(BAD_ESCAPES)('%s → 400 in the dialect', async (escape) => {
      const res = await send(method, path.replace('{}', escape), auth).set('Content-Type', 'application/json').send('{}');
      expectCleanRefusal(res, contentType);
    });
  });

  it('the fast lane leaves such paths to Express, which refuses them after its front door (journal, correlation id)', async () => {
    const before = run.emulator.lane.counts.served;
    const res = await send('put', `${RESERVATIONS}/reservation-documents/%zz`, 'am').set('Correlation-ID', 'bad-escape-1').send({});
    expect(res.status).toBe(400);
    expect(res.headers['correlation-id']).toBe('bad-escape-1');
    expect(run.emulator.lane.counts.served).toBe(before);
    expect(run.emulator.journal.query({ limit: 1 })[0]).toMatchObject({ status: 400, api: 'oci' });
  });
});

describe('JSON nested thousands of levels deep', () => {
  describe.each(JSON_ROUTES)('%s', (_family, method, path, auth, contentType) => {
    it.each(DEEP_BODIES)('%s → 400 in the dialect', async (_shape, body) => {
      const res = await send(method, path, auth).set('Content-Type', 'application/json').send(body);
      expectCleanRefusal(res, contentType);
    });
  });
});

describe('deeply bracketed query strings', () => {
  it.each(QUERY_ROUTES)('%s → 400 in the dialect', async (_family, path, auth, contentType) => {
    const res = await send('get', `${path}?a${'[b]'.repeat(50)}=1`, auth);
    expectCleanRefusal(res, contentType);
  });

  it('a little nesting (as generated clients send paging) is still read', async () => {
    const res = await send('get', '/dw/rest/v1/apiclients?pageable[size]=1', 'admin');
    expect(res.status).toBe(200);
    expect(res.body.size).toBe(1);
  });
});

describe('deeply bracketed form fields at the token endpoints (forms are read flat: a[b]… is just an unknown name)', () => {
  it.each(FORM_ROUTES)('%s → 400 in the dialect', async (_family, path, contentType) => {
    const res = await run.http.post(path).type('form').send(`grant_type=client_credentials&a${'[b]'.repeat(N)}=1`);
    expectCleanRefusal(res, contentType);
  });
});
