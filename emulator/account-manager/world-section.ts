import type { AmRepository } from './repository.js';

// Account Manager's part of the world document (GET /__emulator/world): where to get tokens and which API
// clients exist.

export function accountManagerSection(repo: AmRepository, baseUrl: string, issuer: string) {
  return {
    accountManager: {
      realHost: 'account.demandware.com',
      tokenUrl: `${baseUrl}/dwsso/oauth2/access_token`,
      issuer,
      jwksUri: `${baseUrl}/dwsso/oauth2/connect/jwk_uri`,
      organizations: repo.organizations(),
      apiClients: repo.clients().map((c) => ({
        id: c.id,
        name: c.name,
        active: c.active,
        roles: c.roles,
        roleTenantFilter: c.roleTenantFilter,
        defaultScopes: c.defaultScopes,
      })),
    },
  };
}
