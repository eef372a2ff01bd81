import { DEMO } from '../../fixtures/well-known.js';
import { basicAuth, sendOnce } from './http.js';

// Suites that load a protected API need a real bearer token first, issued by the emulator under test the way
// an integration gets one: the demo integration client at the Account Manager token endpoint.

export const DEMO_TENANT_SCOPE = `SALESFORCE_COMMERCE_API:${DEMO.b2c.instanceId}`;

/** The demo integration client's token with the instance's tenant scope and `scopes`; throws with the answer when refused. */
export function integrationToken(baseUrl: string, scopes: readonly string[]): Promise<string> {
  return clientToken(baseUrl, DEMO.accountManager.integrationClient, [DEMO_TENANT_SCOPE, ...scopes].join(' '));
}

/** A client-credentials access token of any Account Manager client from the emulator at `baseUrl`. */
export async function clientToken(baseUrl: string, client: { id: string; secret: string }, scope: string): Promise<string> {
  const response = await sendOnce(baseUrl, {
    method: 'POST',
    path: '/dwsso/oauth2/access_token',
    headers: { authorization: basicAuth(client.id, client.secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  const text = response.body.toString('utf8');
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${text}`);
  const token = (JSON.parse(text) as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new Error(`not a token response: ${text}`);
  return token;
}
