import { describe, expect, it } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import type { StepName } from '../emulator/sequence/steps.js';
import { DEMO } from '../fixtures/well-known.js';
import { BusinessManagerClient, BusinessManagerError, type Mode } from './consumers/org-admin/business-manager-client.js';
import { AUTH, describeProviderVerification, ISO_INSTANT, JSON_TYPE, PLACEHOLDER_TOKEN, REQUEST_HEADERS, stepsDone, useConsumerPact } from './support/contract-halves.js';
import { ADMIN, EXAMPLE_TRUST_ID, INSTANCE, STATE, TG, TRUST_ID } from './support/org-admin-pact.js';

// The org admin (consumer) in the B2C instance's Business Manager (provider): Cross Cloud Trust shows the org's
// request and Allow answers it (between Request Trust and Establish Trust in Setup, org-admin-salesforce-org), then
// OCI Integration switches B2C → OCI Cache Enabled, waits until every list's Cache Status is complete, and switches
// to Omnichannel Inventory. The switches taken too early are refused. Consumer and provider halves in one file.

const { integer, regex, string } = MatchersV3;

const CONSUMER = 'org-admin';
const PROVIDER = 'b2c-commerce';
const TIMEOUT = 60_000;
const PIPELINE = '/on/demandware.store/Sites-Site/default';
const LABELS: Record<Mode, string> = { B2C: 'Commerce Platform Inventory', OCI_CACHE: 'OCI Cache Enabled', OCI: 'Omnichannel Inventory' };

type Body = { headers(h: object): { jsonBody(body: unknown): unknown } };
const json = (body: unknown) => (b: Body) => b.headers({ 'Content-Type': JSON_TYPE }).jsonBody(body);
const mode = (value: Mode) => ({ value, label: LABELS[value] });
/** A switch refused because a step before it is missing; the message names the step. */
const refusedSwitch = (from: Mode, to: Mode, message: string) => json({ error: 'MODE_TRANSITION_REFUSED', message: string(message), details: { from, to } });
/** The change a switch answers with: when, and by the client signed in. */
const change = (from: Mode, to: Mode) => ({ from, to, at: regex(ISO_INSTANT, '2026-03-02T09:00:05.000Z'), by: string(DEMO.accountManager.integrationClient.id) });
const row = (list: string, type: 'group' | 'location', stream: 'dedicated' | 'combined') => ({ inventoryListId: list, pairedWith: { type, id: list }, stream, status: 'complete', recordsCached: integer(24) });

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, PROVIDER);
  const bm = (url: string) => new BusinessManagerClient({ baseUrl: url, accessToken: PLACEHOLDER_TOKEN });
  /** A Business Manager pipeline call in a state, after the steps of the documented sequence it `expects` done. */
  const page = (given: string, description: string, method: 'GET' | 'POST', name: string, body?: unknown, expects: StepName[] = []) => {
    const inState = pact().addInteraction().given(given);
    return (expects.length > 0 ? inState.given(...stepsDone(...expects)) : inState)
      .uponReceiving(description)
      .withRequest(method, `${PIPELINE}/${name}`, (b) => {
        b.headers(body === undefined ? AUTH : REQUEST_HEADERS);
        if (body !== undefined) b.jsonBody(body);
      });
  };

  it('sees the org’s trust request on Cross Cloud Trust', async () => {
    await page(STATE.requested, 'a GET of Cross Cloud Trust with a pending request', 'GET', 'CrossCloudTrust-Show')
      .willRespondWith(
        200,
        json({
          instance: INSTANCE,
          trustRequest: { id: regex(`^${TRUST_ID}$`, EXAMPLE_TRUST_ID), from: { orgId: DEMO.salesforce.orgId, requestedBy: ADMIN.username }, tenantGroup: TG, actions: ['Allow', 'Deny'] },
          trust: null,
        }),
      )
      .executeTest(async (mock) => {
        expect(await bm(mock.url).crossCloudTrust()).toMatchObject({ trustRequest: { id: EXAMPLE_TRUST_ID, tenantGroup: TG }, trust: null });
      });
  });

  it('allows the request: the instance trusts the tenant group, not yet established', async () => {
    await page(STATE.requested, 'an Allow of the pending trust request', 'POST', 'CrossCloudTrust-Allow')
      .willRespondWith(200, json({ instance: INSTANCE, trustRequest: null, trust: { superTenant: DEMO.salesforce.orgId, tenantGroup: TG, status: 'Allowed', lastModified: regex(ISO_INSTANT, '2026-03-02T09:00:05.000Z') } }))
      .executeTest(async (mock) => {
        expect((await bm(mock.url).allowTrust()).trust).toMatchObject({ tenantGroup: TG, status: 'Allowed' });
      });
  });

  it('is refused Allow when the org has not requested trust', async () => {
    await page(STATE.provisioned, 'an Allow with no pending trust request', 'POST', 'CrossCloudTrust-Allow')
      .willRespondWith(409, json({ error: 'NO_PENDING_REQUEST', message: string('There is no pending trust request for instance zzzz_001: request trust in the org first.') }))
      .executeTest(async (mock) => {
        const early = bm(mock.url).allowTrust();
        await expect(early).rejects.toBeInstanceOf(BusinessManagerError);
        await expect(early).rejects.toMatchObject({ status: 409, code: 'NO_PENDING_REQUEST' });
      });
  });

  it('is refused OCI Cache Enabled while the instance trusts no tenant group', async () => {
    await page(STATE.beforePhase3, 'a switch to OCI_CACHE before trust', 'POST', 'OCIIntegration-SetMode', { mode: 'OCI_CACHE' })
      .willRespondWith(409, refusedSwitch('B2C', 'OCI_CACHE', 'The instance is linked to no OCI tenant group: establish C2C trust first (step trust.established).'))
      .executeTest(async (mock) => {
        await expect(bm(mock.url).setMode('OCI_CACHE')).rejects.toMatchObject({ status: 409, code: 'MODE_TRANSITION_REFUSED', detail: { details: { from: 'B2C', to: 'OCI_CACHE' } } });
      });
  });

  it('finds the instance linked to the tenant group once trust is established, still in B2C mode', async () => {
    await page(STATE.established, 'a GET of OCI Integration after trust', 'GET', 'OCIIntegration-Show')
      .willRespondWith(200, json({ instance: INSTANCE, mode: mode('B2C'), switchTo: [mode('OCI_CACHE')], linkedTenantGroup: TG, cacheStatus: [] }))
      .executeTest(async (mock) => {
        expect(await bm(mock.url).ociIntegration()).toMatchObject({ mode: { value: 'B2C' }, linkedTenantGroup: TG });
      });
  });

  it('switches to OCI Cache Enabled: the cache starts filling', async () => {
    await page(STATE.established, 'a switch from B2C to OCI_CACHE', 'POST', 'OCIIntegration-SetMode', { mode: 'OCI_CACHE' })
      .willRespondWith(200, json({ mode: mode('OCI_CACHE'), switchTo: [mode('OCI'), mode('B2C')], linkedTenantGroup: TG, change: change('B2C', 'OCI_CACHE') }))
      .executeTest(async (mock) => {
        expect(await bm(mock.url).setMode('OCI_CACHE')).toMatchObject({ mode: { value: 'OCI_CACHE' }, change: { from: 'B2C', to: 'OCI_CACHE' } });
      });
  });

  it('is refused Omnichannel Inventory while the cache is still importing', async () => {
    await page(STATE.cacheImporting, 'a switch to OCI before the cache is complete', 'POST', 'OCIIntegration-SetMode', { mode: 'OCI' })
      .willRespondWith(409, refusedSwitch('OCI_CACHE', 'OCI', 'The OCI cache has not completed a full import (step b2c.cache.complete).'))
      .executeTest(async (mock) => {
        await expect(bm(mock.url).setMode('OCI')).rejects.toMatchObject({ status: 409, code: 'MODE_TRANSITION_REFUSED' });
      });
  });

  it('waits until every list’s Cache Status is complete', async () => {
    await page(STATE.cacheComplete, 'a GET of OCI Integration with the cache complete', 'GET', 'OCIIntegration-Show')
      .willRespondWith(
        200,
        json({
          mode: mode('OCI_CACHE'),
          // Every paired list, each in the stream the guide gives it: the two stores share one, the site's group has its own.
          cacheStatus: [row('STORE-BOS', 'location', 'combined'), row('STORE-DEN', 'location', 'combined'), row('US-ONLINE', 'group', 'dedicated')],
        }),
      )
      .executeTest(async (mock) => {
        const complete = await bm(mock.url).cacheComplete(() => Promise.reject(new Error('the mock answers complete at once')));
        expect(complete.cacheStatus.map((r) => r.inventoryListId)).toEqual(['STORE-BOS', 'STORE-DEN', 'US-ONLINE']);
      });
  });

  it('switches to Omnichannel Inventory once the cache is complete', async () => {
    await page(STATE.cacheComplete, 'a switch from OCI_CACHE to OCI', 'POST', 'OCIIntegration-SetMode', { mode: 'OCI' }, ['b2c.cache.complete'])
      .willRespondWith(200, json({ mode: mode('OCI'), switchTo: [mode('B2C')], linkedTenantGroup: TG, change: change('OCI_CACHE', 'OCI') }))
      .executeTest(async (mock) => {
        expect(await bm(mock.url).setMode('OCI')).toMatchObject({ mode: { value: 'OCI', label: 'Omnichannel Inventory' }, change: { from: 'OCI_CACHE', to: 'OCI' } });
      });
  });
});

describeProviderVerification({ consumer: CONSUMER, provider: PROVIDER, interactions: 9, timeout: TIMEOUT });
