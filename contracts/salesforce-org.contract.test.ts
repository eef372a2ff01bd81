import { describe, expect, it } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import { DEMO } from '../fixtures/well-known.js';
import { OrgGraphClient, orgSession } from './consumers/inventory-integration/org-graph-client.js';
import { SalesforceError } from './consumers/salesforce-dialect.js';
import { describeProviderVerification, ISO_INSTANT, JSON_TYPE, ORG_AUTH, ORG_SESSION_PLACEHOLDER, useConsumerPact } from './support/contract-halves.js';
import { formBody, providerStatePath, UUID } from './support/pacts.js';

// The inventory integration (consumer) publishes the location graph through the Salesforce org (provider): a
// client-credentials session of the connected app, the Connect upload that hands the org's enabled, synced places
// to OCI, and its status, polled until it completed. Consumer and provider halves in one file, so the provider
// always verifies the pact this very run wrote.

const { integer, regex, string } = MatchersV3;

const CONSUMER = 'inventory-integration';
const PROVIDER = 'salesforce-org';
const TIMEOUT = 60_000;
const APP = DEMO.salesforce.connectedApp;
const UPLOADS = '/services/data/v62.0/commerce/oci/location-graph/uploads';
const EXAMPLE_UPLOAD_ID = '06ac63ce-2ce6-457e-87a2-31770d5852ce';
const EXAMPLE_SESSION = '00D000000000001!eyJleGFtcGxlIjoiYXBwLXNlc3Npb24ifQ';
const WRONG_SECRET = 'Not-The-App-Secret-2026';

const STATE = {
  demoOrg: 'the demo org, its connected app and its enabled, synced location graph',
  requested: 'a location-graph upload was just requested',
  completed: 'a location-graph upload completed',
} as const;

const tokenForm = (secret: string) => formBody({ grant_type: 'client_credentials', client_id: APP.consumerKey, client_secret: secret });
type Body = { headers(h: object): { jsonBody(body: unknown): unknown } };
const json = (body: unknown) => (b: Body) => b.headers({ 'Content-Type': JSON_TYPE }).jsonBody(body);
const upload = (fields: Record<string, unknown>) => ({ uploadId: regex(`^${UUID}$`, EXAMPLE_UPLOAD_ID), success: true, errors: [], validationErrors: [], ...fields });

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, PROVIDER);
  const client = (url: string) => new OrgGraphClient({ baseUrl: url, accessToken: ORG_SESSION_PLACEHOLDER });
  const tokenRequest = (description: string, secret: string) => {
    const form = tokenForm(secret);
    return pact()
      .addInteraction()
      .given(STATE.demoOrg)
      .uponReceiving(description)
      .withRequest('POST', '/services/oauth2/token', (b) => b.headers({ 'Content-Type': form.contentType }).body(form.contentType, form.body).matchingRules(form.rules));
  };
  /** A status read of the upload the state made: its id is in the path. */
  const status = (given: string, description: string) => {
    const path = providerStatePath(`${UPLOADS}/\${uploadId}`, { uploadId: EXAMPLE_UPLOAD_ID });
    return pact()
      .addInteraction()
      .given(given)
      .uponReceiving(description)
      .withRequest('GET', path.path, (b) => b.headers(ORG_AUTH).matchingRules(path.rules));
  };

  it('gets a session of the org for its connected app (client credentials)', async () => {
    await tokenRequest('a client-credentials token request of the connected app', APP.consumerSecret)
      // The graph upload needs the API scope; the session runs as the app's integration user.
      .willRespondWith(200, json({ access_token: regex('^00D[A-Za-z0-9]{12,15}!\\S+$', EXAMPLE_SESSION), instance_url: regex('^https?://\\S+$', 'https://demo-retail.my.salesforce.com'), token_type: 'Bearer', scope: regex('^(.*\\s)?api(\\s.*)?$', 'api') }))
      .executeTest(async (mock) => {
        expect(await orgSession({ baseUrl: mock.url, clientId: APP.consumerKey, clientSecret: APP.consumerSecret })).toEqual({ accessToken: EXAMPLE_SESSION, instanceUrl: 'https://demo-retail.my.salesforce.com', scope: 'api' });
      });
  });

  it('is refused a session when the secret is wrong', async () => {
    await tokenRequest('a client-credentials token request with a wrong secret', WRONG_SECRET)
      .willRespondWith(400, json({ error: 'invalid_client', error_description: string('invalid client credentials') }))
      .executeTest(async (mock) => {
        const refused = orgSession({ baseUrl: mock.url, clientId: APP.consumerKey, clientSecret: WRONG_SECRET });
        await expect(refused).rejects.toBeInstanceOf(SalesforceError);
        await expect(refused).rejects.toMatchObject({ status: 400, code: 'invalid_client' });
      });
  });

  it('publishes the location graph: an upload to follow', async () => {
    await pact()
      .addInteraction()
      .given(STATE.demoOrg)
      .uponReceiving('a location-graph upload request')
      .withRequest('POST', UPLOADS, (b) => b.headers(ORG_AUTH))
      .willRespondWith(201, json({ errors: [], success: true, uploadId: regex(`^${UUID}$`, EXAMPLE_UPLOAD_ID) }))
      .executeTest(async (mock) => {
        expect(await client(mock.url).publish()).toEqual({ errors: [], success: true, uploadId: EXAMPLE_UPLOAD_ID });
      });
  });

  it('polls a fresh upload: PENDING, nothing read yet', async () => {
    await status(STATE.requested, 'a status request for a pending location-graph upload')
      .willRespondWith(200, json(upload({ status: 'PENDING', validationStatus: 'PENDING', recordsReadCount: 0, recordsProcessedCount: 0, recordsSkippedCount: 0, startTimeUTC: null, endTimeUTC: null })))
      .executeTest(async (mock) => {
        expect(await client(mock.url).status(EXAMPLE_UPLOAD_ID)).toMatchObject({ status: 'PENDING', startTimeUTC: null });
      });
  });

  it('polls until the upload completed: every record processed, valid', async () => {
    await status(STATE.completed, 'a status request for a completed location-graph upload')
      .willRespondWith(
        200,
        json(
          upload({
            status: 'COMPLETED',
            validationStatus: 'VALID',
            recordsReadCount: integer(11),
            recordsProcessedCount: integer(11),
            recordsSkippedCount: 0,
            startTimeUTC: regex(ISO_INSTANT, '2026-03-02T09:00:00.500Z'),
            endTimeUTC: regex(ISO_INSTANT, '2026-03-02T09:00:02.000Z'),
          }),
        ),
      )
      .executeTest(async (mock) => {
        const done = await client(mock.url).untilEnded(EXAMPLE_UPLOAD_ID, () => Promise.reject(new Error('the mock answers COMPLETED at once')));
        expect(done).toMatchObject({ status: 'COMPLETED', validationStatus: 'VALID', recordsSkippedCount: 0 });
      });
  });

  it('is told an upload does not exist, in the REST API’s error array', async () => {
    await pact()
      .addInteraction()
      .given(STATE.demoOrg)
      .uponReceiving('a status request for an unknown location-graph upload')
      .withRequest('GET', `${UPLOADS}/00000000-0000-4000-8000-000000000000`, (b) => b.headers(ORG_AUTH))
      .willRespondWith(404, json([{ message: string('The requested resource does not exist'), errorCode: 'NOT_FOUND' }]))
      .executeTest(async (mock) => {
        await expect(client(mock.url).status('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ name: 'SalesforceError', status: 404, code: 'NOT_FOUND' });
      });
  });
});

describeProviderVerification({ consumer: CONSUMER, provider: PROVIDER, interactions: 6, timeout: TIMEOUT });
