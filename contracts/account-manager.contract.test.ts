import { beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { COMMERCE_API_ROLE } from '../emulator/account-manager/model.js';
import { integration, TENANT } from '../test/helpers/emulator.js';
import { basicAuthorization } from './consumers/http.js';
import { AccountManagerError, getApiClient, requestToken } from './consumers/inventory-integration/account-manager-client.js';
import { describeProviderVerification } from './support/contract-halves.js';
import { formBody, freshConsumerPact } from './support/pacts.js';

// Consumer and provider halves in one file, so the provider always verifies the pact this very run wrote.

const { eachLike, integer, like, regex } = MatchersV3;

const CONSUMER = 'inventory-integration';
const PROVIDER = 'account-manager';
const ACTIVE_COMMERCE_CLIENT = `an active API client with the Salesforce Commerce API role for ${TENANT}`;
const CLIENT_EXISTS = 'an API client exists';
const SCOPES = ['sfcc.inventory.availability', 'sfcc.inventory.reservations.rw'];
const TENANT_SCOPE = `SALESFORCE_COMMERCE_API:${TENANT}`;
const TIMEOUT = 60_000;
const SECRET = integration.secret;
const WRONG_SECRET = 'Not-The-Secret-2026!';

// Examples only: fixed so the pact file is byte-stable; the provider's real tokens are matched by shape.
const JWT_PATTERN = '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';
const EXAMPLE_JWT = [{ typ: 'JWT', alg: 'RS256' }, { sub: integration.id }, 'signature']
  .map((part) => Buffer.from(typeof part === 'string' ? part : JSON.stringify(part)).toString('base64url'))
  .join('.');
const JSON_TYPE = regex('^application/json(;.*)?$', 'application/json;charset=UTF-8');

const TOKEN_FORM = formBody({ grant_type: 'client_credentials', scope: [TENANT_SCOPE, ...SCOPES].join(' ') });
// The exact Basic header the client sends: the provider then proves it decodes the form-encoded secret.
const tokenHeaders = (secret: string) => ({ 'Content-Type': TOKEN_FORM.contentType, Authorization: basicAuthorization(integration.id, secret) });

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  let pact: PactV4;
  beforeAll(() => {
    pact = freshConsumerPact(CONSUMER, PROVIDER);
  });
  /** The integration's token request for the tenant, sent with `secret`. */
  const tokenRequest = (description: string, secret: string) =>
    pact
      .addInteraction()
      .given(ACTIVE_COMMERCE_CLIENT)
      .uponReceiving(description)
      .withRequest('POST', '/dwsso/oauth2/access_token', (b) => b.headers(tokenHeaders(secret)).body(TOKEN_FORM.contentType, TOKEN_FORM.body).matchingRules(TOKEN_FORM.rules));

  it('gets a client-credentials token for the tenant', async () => {
    await tokenRequest('a client-credentials token request for the tenant', SECRET)
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          access_token: regex(JWT_PATTERN, EXAMPLE_JWT),
          token_type: 'Bearer',
          expires_in: integer(1799),
          // Account Manager may order and add scopes as it likes; the integration only needs the tenant one.
          scope: regex(`^(.*\\s)?${TENANT_SCOPE}(\\s.*)?$`, [...SCOPES, TENANT_SCOPE].join(' ')),
        }),
      )
      .executeTest(async (mock) => {
        const token = await requestToken({ baseUrl: mock.url, clientId: integration.id, clientSecret: SECRET, tenant: TENANT, scopes: SCOPES });
        expect(token).toEqual({ accessToken: EXAMPLE_JWT, scope: [...SCOPES, TENANT_SCOPE].join(' '), expiresIn: 1799 });
      });
  });

  it('is refused with invalid_client when the secret is wrong', async () => {
    await tokenRequest('a client-credentials token request with a wrong secret', WRONG_SECRET)
      .willRespondWith(401, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE, 'WWW-Authenticate': 'Basic realm="/"' }).jsonBody({ error: 'invalid_client' }),
      )
      .executeTest(async (mock) => {
        const refused = requestToken({ baseUrl: mock.url, clientId: integration.id, clientSecret: WRONG_SECRET, tenant: TENANT, scopes: SCOPES });
        await expect(refused).rejects.toBeInstanceOf(AccountManagerError);
        await expect(refused).rejects.toMatchObject({ status: 401, error: 'invalid_client' });
      });
  });

  it('reads its API client with a bearer token', async () => {
    await pact
      .addInteraction()
      .given(CLIENT_EXISTS, { id: integration.id })
      .uponReceiving('a request for the integration API client')
      .withRequest('GET', `/dw/rest/v1/apiclients/${integration.id}`, (b) =>
        b.headers({ Authorization: regex('^Bearer \\S+$', `Bearer ${EXAMPLE_JWT}`) }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody(
          like({ id: integration.id, name: integration.name, active: true, roles: eachLike(COMMERCE_API_ROLE) }),
        ),
      )
      .executeTest(async (mock) => {
        const client = await getApiClient({ baseUrl: mock.url, accessToken: EXAMPLE_JWT, id: integration.id });
        expect(client).toMatchObject({ id: integration.id, name: integration.name, active: true, roles: [COMMERCE_API_ROLE] });
      });
  });
});

describeProviderVerification({ consumer: CONSUMER, provider: PROVIDER, interactions: 3, timeout: TIMEOUT });
