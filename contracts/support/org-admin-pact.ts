import { DEMO } from '../../fixtures/well-known.js';
import { BusinessManagerClient } from '../consumers/org-admin/business-manager-client.js';
import { SetupClient } from '../consumers/org-admin/setup-client.js';
import { integrationToken } from './contract-halves.js';
import { controlPlane, pause } from './control-plane.js';
import type { ProviderEmulator } from './provider-suite.js';
import type { StateSetup, StateValues } from './verify-provider.js';
import { orgAdminSession } from './verify-provider.js';

// The fixed parts of the org admin's contracts (org-admin-setup and org-admin-business-manager contract files): the
// steps of the setup guide's Phases 3 and 4 as provider states, and how each is built. Every state starts from the
// `before-trust` world (loaded through the control plane) and walks the guide over HTTP with the admin's own
// clients as far as the state names: Setup with the admin's org session, Business Manager with the instance's
// Account Manager token, the clock moved on through the control plane where the guide waits.

export const ADMIN = DEMO.salesforce.users.admin;
export const APP = DEMO.salesforce.connectedApp;
export const TG = DEMO.salesforce.tenantGroupId;
export const INSTANCE = DEMO.b2c.instanceId;
/** Manage C2C Trust Relationships → New: the instance's Business Manager URL. */
export const REMOTE_TENANT_URL = `https://${DEMO.b2c.bmHost}/on/`;
/** How long provisioning the integration takes on the emulator clock (docs/trust.md). */
export const PROVISIONING = 'PT5S';

/** The guide's steps, in its order; each state is the world after the steps up to its own. */
const STEPS = ['beforePhase3', 'provisioning', 'provisioned', 'requested', 'allowed', 'established', 'cacheImporting', 'cacheComplete'] as const;
export type Step = (typeof STEPS)[number];

export const STATE: Record<Step, string> = {
  beforePhase3: 'the org before Phase 3: the integration is off and the instance trusts no tenant group',
  provisioning: 'the integration was turned on and is being provisioned',
  provisioned: 'the integration is on: provisioning finished and its e-mail was sent',
  requested: 'the org requested trust with the instance',
  allowed: 'Business Manager allowed the trust request',
  established: 'trust with the tenant group is established',
  cacheImporting: 'the instance switched to OCI Cache Enabled and its cache is still importing',
  cacheComplete: 'the instance is in OCI Cache Enabled and every list of its cache is complete',
};

// Examples only, fixed so the pact files are byte-stable; the provider's ids and instants are matched by shape.
export const EXAMPLE_TRUST_ID = '0XtPvd8lNO7tBOvKYM';
export const TRUST_ID = '0Xt[A-Za-z0-9]{15}';

/** The provider's states for both pacts: each walks the guide from the `before-trust` world up to its step. */
export function orgAdminStates(emulator: ProviderEmulator): Record<string, StateSetup> {
  const walk =
    (step: Step): StateSetup =>
    async () => {
      const url = emulator.url;
      const upTo = STEPS.indexOf(step);
      const control = controlPlane(url);
      await control.loadFixtures('before-trust');
      const reached = (s: Step) => upTo >= STEPS.indexOf(s);
      const values: StateValues = {};
      if (!reached('provisioning')) return values;
      const setup = new SetupClient({ baseUrl: url, accessToken: await orgAdminSession(url) });
      await setup.setB2cIntegration(true);
      if (!reached('provisioned')) return values;
      await control.advanceClock(PROVISIONING);
      const status = (await setup.omnichannelInventory()).b2cCommerceIntegration.status;
      if (status !== 'ON') throw new Error(`the integration is ${status} after provisioning`);
      if (!reached('requested')) return values;
      values.trustId = (await setup.requestTrust(REMOTE_TENANT_URL)).id;
      if (!reached('allowed')) return values;
      const bm = new BusinessManagerClient({ baseUrl: url, accessToken: await integrationToken(url) });
      await bm.allowTrust();
      if (!reached('established')) return values;
      await setup.establishTrust(values.trustId);
      if (!reached('cacheImporting')) return values;
      await bm.setMode('OCI_CACHE');
      if (!reached('cacheComplete')) return values;
      // The cache's streams run on the clock: one poll (250 ms) at a time, with a real pause for the export's read.
      await bm.cacheComplete(async () => {
        await control.advanceClock(250);
        await pause();
      });
      return values;
    };
  return Object.fromEntries(STEPS.map((step) => [STATE[step], walk(step)]));
}
