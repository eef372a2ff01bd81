import { AM_NAMESPACE, type AmState } from '../account-manager/model.js';
import { B2C_NAMESPACE, instanceNamespace, type B2cInstanceState, type B2cState } from '../b2c/model.js';
import type { Store } from '../core/store/store.js';
import { ociNamespace } from '../oci/model.js';
import type { OciTenantState } from '../oci/tenant-book.js';
import { SALESFORCE_NAMESPACE, type SalesforceState } from '../salesforce-org/model.js';
import { recordedFixture, WORLD_NAMESPACE, type WorldInfo } from './model.js';

// The whole current world as one JSON document (GET /__emulator/world): orgs, tenant groups, instances, hosts,
// short codes and the demo credentials, with ready-to-use URLs on this emulator. Scripts read this instead of
// scraping the README.

export function worldDocument(store: Store, baseUrl: string, amIssuer: string) {
  const am = store.get<AmState>(AM_NAMESPACE);
  const sf = store.get<SalesforceState>(SALESFORCE_NAMESPACE);
  const b2c = store.get<B2cState>(B2C_NAMESPACE);
  const info = store.get<WorldInfo>(WORLD_NAMESPACE);
  const tokenUrl = `${baseUrl}/dwsso/oauth2/access_token`;
  return {
    emulator: { baseUrl },
    fixture: recordedFixture(info) ?? null,
    accountManager: {
      realHost: 'account.demandware.com',
      tokenUrl,
      issuer: amIssuer,
      jwksUri: `${baseUrl}/dwsso/oauth2/connect/jwk_uri`,
      organizations: Object.values(am?.organizations ?? {}),
      apiClients: Object.values(am?.apiClients ?? {}).map((c) => ({
        id: c.id,
        name: c.name,
        active: c.active,
        roles: c.roles,
        roleTenantFilter: c.roleTenantFilter,
        defaultScopes: c.defaultScopes,
      })),
    },
    salesforceOrgs: Object.values(sf?.orgs ?? {}).map((org) => ({
      ...org,
      /** What the real org would be reached at, and what clients use instead on the emulator. */
      realInstanceUrl: `https://${org.myDomainHost}`,
      instanceUrl: baseUrl,
      loginUrl: baseUrl,
      tokenUrl: `${baseUrl}/services/oauth2/token`,
      setup: { omnichannelInventory: { ociHost: org.ociHost, tenantId: org.tenantGroupId, emulatorHost: baseUrl } },
      connectedApps: Object.values(sf?.connectedApps ?? {})
        .filter((app) => app.orgId === org.id)
        .map((app) => ({ consumerKey: app.consumerKey, name: app.name, scopes: app.scopes, runAsUsername: app.runAsUsername })),
      users: Object.values(sf?.users ?? {})
        .filter((u) => u.orgId === org.id)
        .map((u) => ({ id: u.id, username: u.username, profile: u.profile })),
    })),
    tenantGroups: Object.values(sf?.tenantGroups ?? {}).map((tg) => {
      const oci = store.get<OciTenantState>(ociNamespace(tg.id));
      // Every location carries the same SKUs in generated worlds: the first one is enough for a count.
      const first = oci?.records instanceof Map ? oci.records.values().next().value : undefined;
      const skus = first?.skus() ?? [];
      return {
        ...tg,
        locations: Object.keys(oci?.locations ?? {}),
        groups: Object.values(oci?.groups ?? {}).map((g) => ({ id: g.id, locations: g.locations })),
        skuCount: skus.length,
        sampleSkus: skus.slice(0, 5),
        apiBase: {
          availability: `${baseUrl}/inventory/availability/v1/organizations/${tg.id}`,
          impex: `${baseUrl}/inventory/impex/v1/organizations/${tg.id}`,
          reservation: `${baseUrl}/inventory/reservation/v1/organizations/${tg.id}`,
        },
      };
    }),
    b2cInstances: Object.values(b2c?.instances ?? {}).map((inst) => {
      const state = store.get<B2cInstanceState>(instanceNamespace(inst.id));
      return {
        ...inst,
        ocapiDataBase: `${baseUrl}/s/-/dw/data/v25_6`,
        businessManager: `https://${inst.bmHost}/on/demandware.store/Sites-Site`,
        sites: Object.values(state?.sites ?? {}),
        stores: Object.values(state?.stores ?? {}),
        inventoryLists: Object.keys(state?.inventoryLists ?? {}),
      };
    }),
    orgCredentials: info?.org
      ? {
          ...info.org,
          jwtBearer: {
            note: 'Sign an RS256 JWT with privateKeyPem: iss = consumerKey, sub = a username, aud = loginUrl (or https://login.salesforce.com), exp = now + 3 minutes',
            audiences: ['https://login.salesforce.com', 'https://test.salesforce.com', baseUrl],
          },
        }
      : null,
    credentials: (info?.credentials ?? []).map((c) => ({
      ...c,
      curl: `curl -s -u '${c.clientId}:${c.clientSecret}' --data-urlencode 'grant_type=client_credentials' --data-urlencode 'scope=${c.scope}' '${tokenUrl}'`,
    })),
  };
}

export type WorldDocument = ReturnType<typeof worldDocument>;
