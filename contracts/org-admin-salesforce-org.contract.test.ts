import { describe, expect, it } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import type { StepName } from '../emulator/sequence/steps.js';
import { SetupClient, signIn } from './consumers/org-admin/setup-client.js';
import { SalesforceError } from './consumers/salesforce-dialect.js';
import { describeProviderVerification, ISO_INSTANT, JSON_TYPE, ORG_AUTH, ORG_SESSION_PLACEHOLDER, stepsDone, useConsumerPact } from './support/contract-halves.js';
import { ADMIN, APP, EXAMPLE_TRUST_ID, INSTANCE, REMOTE_TENANT_URL, STATE, TG, TRUST_ID } from './support/org-admin-pact.js';
import { formBody, providerStatePath } from './support/pacts.js';

// An org admin (consumer) walks Phase 3 of the setup guide in the org's Setup (provider): signs in, turns the
// Omnichannel Inventory-B2C Commerce Integration on, waits for its success e-mail, requests trust with the B2C
// instance and, once Business Manager allowed it (org-admin-b2c-commerce), establishes it. The steps taken too
// early are refused, which is why the order is part of the contract. Consumer and provider halves in one file.

const { fromProviderState, regex, string } = MatchersV3;

const CONSUMER = 'org-admin';
const PROVIDER = 'salesforce-org';
const TIMEOUT = 60_000;
const OCI_PAGE = '/lightning/setup/OmnichannelInventory/home';
const TRUSTS = '/lightning/setup/C2CTrustRelationships';
const LABEL = 'Omnichannel Inventory-B2C Commerce Integration';
const SIGN_IN = formBody({ grant_type: 'password', client_id: APP.consumerKey, client_secret: APP.consumerSecret, username: ADMIN.username, password: ADMIN.password });
const EXAMPLE_SESSION = '00D000000000001!eyJleGFtcGxlIjoib3JnLXNlc3Npb24ifQ';

type Body = { headers(h: object): { jsonBody(body: unknown): unknown } };
const json = (body: unknown) => (b: Body) => b.headers({ 'Content-Type': JSON_TYPE }).jsonBody(body);
/** Setup refuses a step taken too early in `{error, message}`. */
const refused = (error: string, message: string) => json({ error, message: string(message) });
const ociPage = (integration: Record<string, unknown>) => json({ page: 'Setup > Omnichannel Inventory', omnichannelInventory: { enabled: true }, b2cCommerceIntegration: { label: LABEL, ...integration }, tenantId: TG });
const trust = (fields: Record<string, unknown>) => ({ cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE_TENANT_URL, instanceId: INSTANCE, tenantGroupId: TG, requestedBy: ADMIN.username, ...fields });

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, PROVIDER);
  const setup = (url: string) => new SetupClient({ baseUrl: url, accessToken: ORG_SESSION_PLACEHOLDER });
  /**
   * A Setup page call in a state, after the steps of the documented sequence it `expects` done; `${trustId}` in the
   * path is the relationship the state made.
   */
  const page = (given: string, description: string, method: 'GET' | 'POST', template: string, body?: unknown, expects: StepName[] = []) => {
    const ids = template.includes('${') ? providerStatePath(template, { trustId: EXAMPLE_TRUST_ID }, TRUST_ID) : undefined;
    const inState = pact().addInteraction().given(given);
    return (expects.length > 0 ? inState.given(...stepsDone(...expects)) : inState)
      .uponReceiving(description)
      .withRequest(method, ids?.path ?? template, (b) => {
        b.headers(body === undefined ? ORG_AUTH : { ...ORG_AUTH, 'Content-Type': 'application/json' });
        if (body !== undefined) b.jsonBody(body);
        if (ids) b.matchingRules(ids.rules);
      });
  };
  const trustRequest = { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE_TENANT_URL };

  it('signs in to the org with the password grant of the connected app', async () => {
    await pact()
      .addInteraction()
      .given(STATE.beforePhase3)
      .uponReceiving('a password grant for the org admin')
      .withRequest('POST', '/services/oauth2/token', (b) => b.headers({ 'Content-Type': SIGN_IN.contentType }).body(SIGN_IN.contentType, SIGN_IN.body).matchingRules(SIGN_IN.rules))
      .willRespondWith(200, json({ access_token: regex('^00D[A-Za-z0-9]{12,15}!\\S+$', EXAMPLE_SESSION), instance_url: regex('^https?://\\S+$', 'https://demo-retail.my.salesforce.com'), token_type: 'Bearer', scope: regex('^(.*\\s)?api(\\s.*)?$', 'api refresh_token') }))
      .executeTest(async (mock) => {
        const session = await signIn({ baseUrl: mock.url, clientId: APP.consumerKey, clientSecret: APP.consumerSecret, username: ADMIN.username, password: ADMIN.password });
        expect(session).toEqual({ accessToken: EXAMPLE_SESSION, instanceUrl: 'https://demo-retail.my.salesforce.com', scope: 'api refresh_token' });
      });
  });

  it('finds the integration off on Setup > Omnichannel Inventory', async () => {
    await page(STATE.beforePhase3, 'a GET of the Omnichannel Inventory Setup page', 'GET', OCI_PAGE)
      .willRespondWith(200, ociPage({ status: 'OFF' }))
      .executeTest(async (mock) => {
        expect((await setup(mock.url).omnichannelInventory()).b2cCommerceIntegration.status).toBe('OFF');
      });
  });

  it('turns the integration on: provisioning starts', async () => {
    await page(STATE.beforePhase3, 'a POST turning the integration on', 'POST', OCI_PAGE, { b2cCommerceIntegration: true })
      .willRespondWith(200, ociPage({ status: 'PROVISIONING', changedAt: regex(ISO_INSTANT, '2026-03-02T09:00:00.000Z'), readyAt: regex(ISO_INSTANT, '2026-03-02T09:00:05.000Z') }))
      .executeTest(async (mock) => {
        expect((await setup(mock.url).setB2cIntegration(true)).b2cCommerceIntegration).toMatchObject({ status: 'PROVISIONING', readyAt: '2026-03-02T09:00:05.000Z' });
      });
  });

  it('is refused trust while the integration is still being provisioned', async () => {
    await page(STATE.provisioning, 'a trust request while the integration is provisioned', 'POST', `${TRUSTS}/home`, trustRequest)
      .willRespondWith(409, refused('INTEGRATION_NOT_READY', 'The Omnichannel Inventory-B2C Commerce Integration is still being provisioned. Wait for the success e-mail, then request trust.'))
      .executeTest(async (mock) => {
        const early = setup(mock.url).requestTrust(REMOTE_TENANT_URL);
        await expect(early).rejects.toBeInstanceOf(SalesforceError);
        await expect(early).rejects.toMatchObject({ status: 409, code: 'INTEGRATION_NOT_READY' });
      });
  });

  it('finds the integration on once provisioning ended', async () => {
    await page(STATE.provisioned, 'a GET of the Omnichannel Inventory Setup page after provisioning', 'GET', OCI_PAGE)
      .willRespondWith(200, ociPage({ status: 'ON', changedAt: regex(ISO_INSTANT, '2026-03-02T09:00:05.000Z') }))
      .executeTest(async (mock) => {
        expect((await setup(mock.url).omnichannelInventory()).b2cCommerceIntegration.status).toBe('ON');
      });
  });

  it('requests trust with the instance: Pending, Establish Trust disabled', async () => {
    await page(STATE.provisioned, 'a trust request for the instance', 'POST', `${TRUSTS}/home`, trustRequest)
      .willRespondWith(201, json(trust({ id: regex(`^${TRUST_ID}$`, EXAMPLE_TRUST_ID), status: 'Pending', establishTrust: { enabled: false, reason: string('Waiting for Business Manager to allow the trust request.') } })))
      .executeTest(async (mock) => {
        expect(await setup(mock.url).requestTrust(REMOTE_TENANT_URL)).toMatchObject({ id: EXAMPLE_TRUST_ID, status: 'Pending', establishTrust: { enabled: false } });
      });
  });

  it('is refused Establish Trust before Business Manager allowed the request', async () => {
    await page(STATE.requested, 'an Establish Trust of a pending request', 'POST', `${TRUSTS}/\${trustId}/establish`)
      .willRespondWith(409, refused('ESTABLISH_TRUST_DISABLED', 'Establish Trust is disabled: Business Manager has not allowed the trust request yet.'))
      .executeTest(async (mock) => {
        await expect(setup(mock.url).establishTrust(EXAMPLE_TRUST_ID)).rejects.toMatchObject({ name: 'SalesforceError', status: 409, code: 'ESTABLISH_TRUST_DISABLED' });
      });
  });

  it('sees Establish Trust enabled once Business Manager allowed', async () => {
    await page(STATE.allowed, 'a GET of an allowed trust relationship', 'GET', `${TRUSTS}/\${trustId}`)
      .willRespondWith(200, json(trust({ id: fromProviderState('${trustId}', EXAMPLE_TRUST_ID), status: 'Allowed', establishTrust: { enabled: true } })))
      .executeTest(async (mock) => {
        expect(await setup(mock.url).trustRelationship(EXAMPLE_TRUST_ID)).toMatchObject({ status: 'Allowed', establishTrust: { enabled: true } });
      });
  });

  it('establishes trust: the instance now belongs to the tenant group', async () => {
    await page(STATE.allowed, 'an Establish Trust of an allowed request', 'POST', `${TRUSTS}/\${trustId}/establish`, undefined, ['trust.allowed'])
      .willRespondWith(200, json(trust({ id: fromProviderState('${trustId}', EXAMPLE_TRUST_ID), status: 'Established', establishedAt: regex(ISO_INSTANT, '2026-03-02T09:00:05.000Z') })))
      .executeTest(async (mock) => {
        expect(await setup(mock.url).establishTrust(EXAMPLE_TRUST_ID)).toMatchObject({ status: 'Established', tenantGroupId: TG });
      });
  });
});

describeProviderVerification({ consumer: CONSUMER, provider: PROVIDER, interactions: 9, timeout: TIMEOUT });
