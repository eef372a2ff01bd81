import { DEMO } from '../../fixtures/well-known.js';
import { compareWithBaseline } from '../support/compare.js';
import { basicAuth, header } from '../support/http.js';
import type { Suite } from '../support/types.js';

// The call every integration makes first and most: a client-credentials token for the demo integration client.
// The emulator signs a fresh RS256 JWT per request, so this is the cost ceiling of a "cheap" endpoint.

const client = DEMO.accountManager.integrationClient;
const tenantScope = `SALESFORCE_COMMERCE_API:${DEMO.b2c.instanceId}`;
const ociScope = 'sfcc.inventory.availability';

export const tokenSuite: Suite = {
  name: 'token',
  description: 'Account Manager POST /dwsso/oauth2/access_token (client_credentials, HTTP Basic) vs bare Express',
  async run() {
    const result = await compareWithBaseline({
      name: 'POST /dwsso/oauth2/access_token',
      request: {
        method: 'POST',
        path: '/dwsso/oauth2/access_token',
        headers: { authorization: basicAuth(client.id, client.secret), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${tenantScope} ${ociScope}` }).toString(),
      },
      verify(response) {
        const text = response.body.toString('utf8');
        if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${text}`);
        const body = JSON.parse(text) as { access_token?: unknown; token_type?: unknown; scope?: unknown };
        if (typeof body.access_token !== 'string' || body.token_type !== 'Bearer') throw new Error(`not a token response: ${text}`);
        // Account Manager lists the plain scopes first and the tenant scope last.
        if (body.scope !== `${ociScope} ${tenantScope}`) throw new Error(`unexpected granted scope ${String(body.scope)}`);
        if (!header(response, 'content-type')?.startsWith('application/json')) throw new Error('token response is not JSON');
      },
    });
    return { suite: 'token', cases: [result] };
  },
};
