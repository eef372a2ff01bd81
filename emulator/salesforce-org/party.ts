import type { Party, PartyContext, PartyRuntime } from '../party.js';
import { salesforceOAuthDialect } from './errors/oauth-dialect.js';
import { salesforceRestDialect } from './errors/rest-dialect.js';
import { controlDialect } from '../core/errors/dialects/control.js';
import { OrgOAuthService } from './auth/service.js';
import { orgSession } from './auth/org-session.js';
import { OrgTokens } from './auth/org-tokens.js';
import { GraphPublishService } from './graph/service.js';
import { SalesforceRepository } from './repository.js';
import { connectRoutes } from './graph/routes.js';
import { dataRoutes } from './sobjects/routes.js';
import { oauthRoutes } from './auth/routes.js';
import { setupRoutes } from './setup/routes.js';
import { soapRoutes } from './soap/routes.js';
import { SObjectService } from './sobjects/service.js';
import { SoapLoginService } from './soap/service.js';
import { salesforceOrgServices, type SalesforceOrgServices } from './services.js';
import { TrustService } from './trust/service.js';
import { salesforceSection } from './world-section.js';

/** How long provisioning the Omnichannel Inventory-B2C Commerce Integration takes, by timing profile. */
const PROVISIONING_MS = { fast: 5_000, realistic: 15 * 60_000 } as const;

// The Salesforce org that runs Omnichannel Inventory: its OAuth and SOAP logins, the Setup page that names the
// OCI host and tenant, the location graph as sObjects, and the Connect resource that publishes it to OCI.

declare module '../party.js' {
  interface Services {
    salesforceOrg?: SalesforceOrgServices;
  }
}

export const salesforceOrgParty: Party = {
  name: 'salesforce-org',
  apis: [
    {
      family: 'salesforce-org',
      prefixes: [
        ['/services/oauth2/', salesforceOAuthDialect],
        ['/services/', salesforceRestDialect],
        // Setup pages (the human steps) answer as the emulator's own JSON endpoints.
        ['/lightning/', controlDialect],
      ],
    },
  ],
  build,
};

function build(ctx: PartyContext): PartyRuntime {
  const repo = new SalesforceRepository(ctx.store);
  const tokens = new OrgTokens({ keys: ctx.keys, clock: ctx.clock, ids: ctx.rng.fork('salesforce-org:tokens') });
  ctx.authenticator.add(tokens.resolver());
  const oauth = new OrgOAuthService({ repo, tokens, clock: ctx.clock });
  const sobjects = new SObjectService({ repo, clock: ctx.clock });
  const publish = new GraphPublishService({
    repo,
    clock: ctx.clock,
    journal: ctx.journal,
    services: ctx.services,
    profile: ctx.options.profile,
    onUnexpected: (e) => ctx.logger.error('OCI failed while taking a published location graph', e),
  });

  const trust = new TrustService({
    store: ctx.store,
    services: ctx.services,
    clock: ctx.clock,
    journal: ctx.journal,
    outbox: ctx.outbox,
    rng: ctx.rng.fork('salesforce-org:trust'),
    provisioningMs: PROVISIONING_MS[ctx.options.profile],
  });
  const session = orgSession(ctx.authenticator, repo);
  ctx.services.salesforceOrg = salesforceOrgServices(repo, trust, session);
  const bodyLimit = ctx.options.bodyLimitBytes;
  return {
    describe: (baseUrl) => salesforceSection(repo, ctx.services, baseUrl),
    rearm() {
      publish.rearmAll();
      trust.rearmAll();
    },
    routes: {
      'salesforce-org': [
        oauthRoutes({ oauth, bodyLimit }),
        soapRoutes({ login: new SoapLoginService({ repo, tokens }), bodyLimit, onUnexpected: (e) => ctx.logger.error('unexpected error in a SOAP call', e) }),
        dataRoutes({ sobjects, session, bodyLimit }),
        connectRoutes({ publish, session }),
        setupRoutes({ repo, session, trust, bodyLimit }),
      ],
    },
  };
}
