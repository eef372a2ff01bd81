import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, type Running } from '../helpers/emulator.js';

// The org side's demo credentials, JWT bearer assertions signed with the well-known connected-app key (read from
// the world document, as a script would), and shortcuts to an org session.

export const ORG = DEMO.salesforce;
export const APP = ORG.connectedApp;
export const ADMIN = ORG.users.admin;
export const INTEGRATION = ORG.users.integration;
export const TOKEN_URL = '/services/oauth2/token';
export const API = '/services/data/v62.0';

export async function demoAppKey(run: Running): Promise<KeyObject> {
  const world = await run.http.get('/__emulator/world');
  return createPrivateKey(world.body.orgCredentials.connectedApp.privateKeyPem as string);
}

/** An assertion for the demo app as the admin, aud login.salesforce.com, 3 minutes ahead on the emulator clock. */
export async function assertion(run: Running, claims: JWTPayload = {}, key?: KeyObject, alg = 'RS256'): Promise<string> {
  const now = run.emulator.clock.epochSeconds();
  const payload: JWTPayload = { iss: APP.consumerKey, sub: ADMIN.username, aud: 'https://login.salesforce.com', exp: now + 180, ...claims };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(key ?? (await demoAppKey(run)));
}

export function jwtGrant(run: Running, assertionText: string) {
  return run.http.post(TOKEN_URL).type('form').send({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: assertionText });
}

export function clientCredentials(run: Running) {
  return run.http.post(TOKEN_URL).type('form').send({ grant_type: 'client_credentials', client_id: APP.consumerKey, client_secret: APP.consumerSecret });
}

/** An org session of the demo integration user (client credentials). */
export async function orgToken(run: Running): Promise<string> {
  const res = await clientCredentials(run);
  if (res.status !== 200) throw new Error(`org token failed: ${res.status} ${res.text}`);
  return res.body.access_token as string;
}

/** One emulator per test file with an org session of the demo integration user, there once the tests run. */
export function orgWorld() {
  const world = {} as { run: Running; token: string };
  beforeAll(async () => {
    world.run = await startEmulator();
    world.token = await orgToken(world.run);
  });
  afterAll(() => world.run.close());
  return {
    get run() {
      return world.run;
    },
    /** The sObject API, `path` after `/sobjects`, with the org session. */
    sobjects: (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => world.run.http[method](`${API}/sobjects${path}`).set('Authorization', `Bearer ${world.token}`),
  };
}

export function loginEnvelope(username: string, password: string): string {
  return `<?xml version="1.0" encoding="utf-8" ?>
<env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:n1="urn:partner.soap.sforce.com" xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Body>
    <n1:login>
      <n1:username><![CDATA[${username}]]></n1:username>
      <n1:password><![CDATA[${password}]]></n1:password>
    </n1:login>
  </env:Body>
</env:Envelope>`;
}

export function soapLogin(run: Running, body: string, version = '58.0') {
  return run.http.post(`/services/Soap/u/${version}`).set('Content-Type', 'text/xml; charset=UTF-8').set('SOAPAction', 'login').send(body);
}
