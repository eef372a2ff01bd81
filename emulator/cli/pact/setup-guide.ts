import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO } from '../../../fixtures/well-known.js';
import { fromFixtureSet, type StateContext, type StateSetup, type StateValues } from './state-kit.js';

// The setup guide's Phases 3 and 4 (docs/trust.md, docs/oci-integration.md) as provider states, named by an org
// admin's pacts of both the Salesforce org and B2C Commerce. Every state starts from the `before-trust` world and
// walks the guide over HTTP as far as its name says: Setup pages with the admin's org session, Business Manager
// pages with the instance's Account Manager token, the clock moved on through the control plane where the guide waits.

const STEPS = ['beforePhase3', 'provisioning', 'provisioned', 'requested', 'allowed', 'established', 'cacheImporting', 'cacheComplete'] as const;
type Step = (typeof STEPS)[number];

/** The states' names, which the project's own org-admin consumer names too (contracts/support/org-admin-pact.ts). */
export const SETUP_GUIDE_STATE_NAMES = {
  beforePhase3: 'the org before Phase 3: the integration is off and the instance trusts no tenant group',
  provisioning: 'the integration was turned on and is being provisioned',
  provisioned: 'the integration is on: provisioning finished and its e-mail was sent',
  requested: 'the org requested trust with the instance',
  allowed: 'Business Manager allowed the trust request',
  established: 'trust with the tenant group is established',
  cacheImporting: 'the instance switched to OCI Cache Enabled and its cache is still importing',
  cacheComplete: 'the instance is in OCI Cache Enabled and every list of its cache is complete',
} as const satisfies Record<Step, string>;

const OCI_PAGE = '/lightning/setup/OmnichannelInventory/home';
const TRUSTS = '/lightning/setup/C2CTrustRelationships';
const BUSINESS_MANAGER = '/on/demandware.store/Sites-Site/default';
/** Manage C2C Trust Relationships → New: the instance's Business Manager URL. */
const REMOTE_TENANT_URL = `https://${DEMO.b2c.bmHost}/on/`;
/** How long provisioning the integration takes on the emulator's clock (docs/trust.md). */
const PROVISIONING = 'PT5S';
/** The OCI cache polls its streams every 250 ms of the clock; the cache is read after each step of it. */
const CACHE_POLL_MS = 250;
const CACHE_READS = 200;

interface CacheRow {
  status: string;
}

/** Business Manager's OCI Integration page until every list's Cache Status is complete, moving the clock a poll at a time. */
async function cacheComplete(ctx: StateContext): Promise<void> {
  for (let read = 0; read < CACHE_READS; read++) {
    const page = (await ctx.asCommerceApi('GET', `${BUSINESS_MANAGER}/OCIIntegration-Show`)).json as { cacheStatus?: CacheRow[] };
    const rows = page.cacheStatus ?? [];
    if (rows.length > 0 && rows.every((row) => row.status === 'complete')) return;
    await ctx.http.control('POST', '/clock/advance', { by: CACHE_POLL_MS });
    // The export's file is read in real time between the clock's steps.
    await sleep(5);
  }
  throw new Error(`the OCI cache was not complete after ${CACHE_READS} reads of the OCI Integration page`);
}

/** The world after the guide's steps up to `step`; hands the trust request's id back once there is one. */
function walk(step: Step): StateSetup {
  const reached = (s: Step) => STEPS.indexOf(step) >= STEPS.indexOf(s);
  return fromFixtureSet('before-trust', async (ctx) => {
    const values: StateValues = {};
    if (!reached('provisioning')) return values;
    await ctx.asOrgAdmin('POST', OCI_PAGE, { json: { b2cCommerceIntegration: true } });
    if (!reached('provisioned')) return values;
    await ctx.http.control('POST', '/clock/advance', { by: PROVISIONING });
    const page = (await ctx.asOrgAdmin('GET', OCI_PAGE)).json as { b2cCommerceIntegration?: { status?: string } };
    if (page.b2cCommerceIntegration?.status !== 'ON') throw new Error(`the integration is ${page.b2cCommerceIntegration?.status ?? 'unknown'} after provisioning`);
    if (!reached('requested')) return values;
    const trustId = String(((await ctx.asOrgAdmin('POST', `${TRUSTS}/home`, { json: { cloud: 'Commerce Cloud', remoteTenantUrl: REMOTE_TENANT_URL } })).json as { id?: unknown }).id);
    values.trustId = trustId;
    if (!reached('allowed')) return values;
    await ctx.asCommerceApi('POST', `${BUSINESS_MANAGER}/CrossCloudTrust-Allow`);
    if (!reached('established')) return values;
    await ctx.asOrgAdmin('POST', `${TRUSTS}/${encodeURIComponent(trustId)}/establish`);
    if (!reached('cacheImporting')) return values;
    await ctx.asCommerceApi('POST', `${BUSINESS_MANAGER}/OCIIntegration-SetMode`, { json: { mode: 'OCI_CACHE' } });
    if (!reached('cacheComplete')) return values;
    await cacheComplete(ctx);
    return values;
  });
}

export const SETUP_GUIDE_STATES: Record<string, StateSetup> = Object.fromEntries(STEPS.map((step) => [SETUP_GUIDE_STATE_NAMES[step], walk(step)]));
