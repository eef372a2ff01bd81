import { JwtResolver } from '../core/auth/authenticator.js';
import type { Party, PartyContext, PartyRuntime } from '../party.js';
import { apiClientsRoutes } from './api-clients/routes.js';
import { ApiClientsService } from './api-clients/service.js';
import { amRestDialect } from './errors/am-rest-dialect.js';
import { oauthDialect } from './errors/oauth-dialect.js';
import { COMMERCE_API_ROLE } from './model.js';
import { parseTenantFilter, tenantAllowed } from './role-tenant-filter.js';
import { AmRepository } from './repository.js';
import { tokenRoutes } from './tokens/routes.js';
import { AmTokenService } from './tokens/service.js';
import { accountManagerSection } from './world-section.js';

export interface AccountManagerServices {
  tokens: AmTokenService;
  clients: ApiClientsService;
  /** Whether the API client holds the Salesforce Commerce API role (OCAPI refuses such clients). */
  holdsCommerceApiRole(clientId: string): boolean;
  /** Whether an active API client holds the Salesforce Commerce API role for the instance (the guide's API client). */
  commerceApiClientFor(instanceId: string): boolean;
}

declare module '../party.js' {
  interface Services {
    accountManager?: AccountManagerServices;
  }
}

export const accountManagerParty: Party = {
  name: 'account-manager',
  apis: [
    {
      family: 'account-manager',
      prefixes: [
        ['/dwsso/', oauthDialect],
        ['/dw/oauth2/', oauthDialect],
        ['/dw/rest/', amRestDialect],
      ],
    },
  ],
  build,
};

function build(ctx: PartyContext): PartyRuntime {
  const repo = new AmRepository(ctx.store);
  const tokens = new AmTokenService({ issuer: ctx.options.accountManagerIssuer, repo, clock: ctx.clock, ids: ctx.rng.fork('account-manager:tokens'), keys: ctx.keys });
  const clients = new ApiClientsService({ repo, clock: ctx.clock, ids: ctx.rng.fork('account-manager:clients'), journal: ctx.journal });
  ctx.authenticator.add(new JwtResolver({ issuer: tokens.issuer, publicKey: ctx.keys.publicKey, clock: ctx.clock, toPrincipal: (p) => tokens.toPrincipal(p) }));
  ctx.services.accountManager = { tokens, clients, holdsCommerceApiRole: (id) => repo.client(id)?.roles.includes(COMMERCE_API_ROLE) ?? false,
    commerceApiClientFor: (instanceId) => repo.clients().some((c) => c.active && c.roles.includes(COMMERCE_API_ROLE) && tenantAllowedSafely(c.roleTenantFilter, instanceId)),
  };
  return {
    describe: (baseUrl) => accountManagerSection(repo, baseUrl, tokens.issuer),
    routes: {
      'account-manager': [
        tokenRoutes({ tokens, keys: ctx.keys, bodyLimit: ctx.options.bodyLimitBytes }),
        apiClientsRoutes({ clients, authenticator: ctx.authenticator, bodyLimit: ctx.options.bodyLimitBytes }),
      ],
    },
  };
}

/** A stored filter was checked when it was saved; one that no longer parses grants nothing. */
function tenantAllowedSafely(filter: string | null, instanceId: string): boolean {
  try {
    return tenantAllowed(parseTenantFilter(filter), COMMERCE_API_ROLE, instanceId);
  } catch {
    return false;
  }
}
