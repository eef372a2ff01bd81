import type { Party, PartyContext } from '../party.js';
import { businessManagerSession } from './business-manager/bm-access.js';
import { crossCloudTrustRoutes } from './business-manager/cross-cloud-trust-routes.js';

// The B2C Commerce instance: its Business Manager pages (as JSON endpoints named after the page). OCAPI, the
// other Business Manager pages and the OCI integration modes come with the next issues.

export function b2cParty(ctx: PartyContext): Party {
  const trust = ctx.services.trust;
  if (!trust) throw new Error('the B2C party needs the Salesforce org party (C2C trust) wired before it');
  const session = businessManagerSession(ctx.authenticator, ctx.store);
  return {
    name: 'b2c',
    routes: { b2c: [crossCloudTrustRoutes({ trust, session })] },
  };
}
