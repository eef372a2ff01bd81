import type { Services } from '../party.js';
import type { SalesforceRepository } from './repository.js';

// The org's part of the world document (GET /__emulator/world): each org with its hosts, connected apps and users,
// and each tenant group with what OCI holds for it and the URLs of its APIs on this emulator.

export function salesforceSection(repo: SalesforceRepository, services: Services, baseUrl: string) {
  const apps = repo.connectedApps();
  const users = repo.users();
  return {
    salesforceOrgs: repo.orgs().map((org) => ({
      ...org,
      /** What the real org would be reached at, and what clients use instead on the emulator. */
      realInstanceUrl: `https://${org.myDomainHost}`,
      instanceUrl: baseUrl,
      loginUrl: baseUrl,
      tokenUrl: `${baseUrl}/services/oauth2/token`,
      setup: { omnichannelInventory: { ociHost: org.ociHost, tenantId: org.tenantGroupId, emulatorHost: baseUrl } },
      connectedApps: apps.filter((app) => app.orgId === org.id).map((app) => ({ consumerKey: app.consumerKey, name: app.name, scopes: app.scopes, runAsUsername: app.runAsUsername })),
      users: users.filter((u) => u.orgId === org.id).map((u) => ({ id: u.id, username: u.username, profile: u.profile })),
    })),
    tenantGroups: repo.tenantGroups().map((tg) => ({
      ...tg,
      ...(services.oci?.summary(tg.id) ?? { locations: [], groups: [], skuCount: 0, sampleSkus: [] }),
      apiBase: {
        availability: `${baseUrl}/inventory/availability/v1/organizations/${tg.id}`,
        impex: `${baseUrl}/inventory/impex/v1/organizations/${tg.id}`,
        reservation: `${baseUrl}/inventory/reservation/v1/organizations/${tg.id}`,
      },
    })),
  };
}
