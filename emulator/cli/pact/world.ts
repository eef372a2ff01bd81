import type { EmulatorHttp } from './emulator-http.js';

// What the provider states and the token rules need from the world document (GET /__emulator/world): the demo
// clients' credentials and what the world holds. Read over HTTP, so an emulator in another process serves them
// just the same; a world without one of them fails with the part that is missing.

export interface ClientCredential {
  clientId: string;
  clientSecret: string;
  /** The scope string the world document says to request a token with. */
  scope: string;
}

export interface WorldView {
  /** Account Manager client with the Salesforce Commerce API role: OCI and Business Manager. */
  commerceApi: ClientCredential;
  /** Account Manager client with the Account Administrator role: the API Clients API. */
  accountAdmin: ClientCredential;
  /** The client the B2C instance's OCAPI settings allow. */
  ocapi: ClientCredential;
  /** The storefront's private SLAS client, if the world has a storefront. */
  shopper: { organizationId: string; siteId: string; clientId: string; clientSecret: string } | undefined;
  /** A Salesforce org login (connected app and a user), if the world has an org. */
  org: { consumerKey: string; consumerSecret: string; username: string; password: string } | undefined;
  tenantGroups: { id: string; locations: string[]; groups: { id: string; locations: string[] }[]; links: { instanceId: string }[] }[];
  b2cInstances: { id: string; sites: { id: string }[]; inventoryLists: string[] }[];
  apiClients: { id: string; active: boolean; roles: string[]; roleTenantFilter: string | null }[];
}

interface WorldDocument {
  accountManager?: { apiClients?: WorldView['apiClients'] };
  credentials?: { purpose: string; clientId: string; clientSecret: string; scope: string }[];
  shopperCredentials?: { organizationId: string; siteId: string; privateClient: { id: string; secret: string } } | null;
  orgCredentials?: { connectedApp: { consumerKey: string; consumerSecret: string }; users: { username: string; password: string }[] } | null;
  tenantGroups?: WorldView['tenantGroups'];
  b2cInstances?: WorldView['b2cInstances'];
}

export async function readWorld(http: EmulatorHttp): Promise<WorldView> {
  const doc = await http.control<WorldDocument>('GET', '/world');
  const apiClients = doc.accountManager?.apiClients ?? [];
  const credentials = doc.credentials ?? [];
  const credential = (what: string, match: (c: { purpose: string; clientId: string }) => boolean): ClientCredential => {
    const found = credentials.find(match);
    if (!found) throw new Error(`the emulator's world document lists no credentials for ${what} (GET /__emulator/world, "credentials")`);
    return { clientId: found.clientId, clientSecret: found.clientSecret, scope: found.scope };
  };
  const withRole = (role: string) => (c: { clientId: string }) => apiClients.some((a) => a.id === c.clientId && a.roles.includes(role));
  const shopper = doc.shopperCredentials;
  const org = doc.orgCredentials;
  const orgUser = org?.users[0];
  return {
    commerceApi: credential('a client with the Salesforce Commerce API role', withRole('SALESFORCE_COMMERCE_API')),
    accountAdmin: credential('a client with the Account Administrator role', withRole('ACCOUNT_ADMINISTRATOR')),
    ocapi: credential('the OCAPI client', (c) => /OCAPI/.test(c.purpose)),
    shopper: shopper ? { organizationId: shopper.organizationId, siteId: shopper.siteId, clientId: shopper.privateClient.id, clientSecret: shopper.privateClient.secret } : undefined,
    org: org && orgUser ? { consumerKey: org.connectedApp.consumerKey, consumerSecret: org.connectedApp.consumerSecret, username: orgUser.username, password: orgUser.password } : undefined,
    tenantGroups: doc.tenantGroups ?? [],
    b2cInstances: doc.b2cInstances ?? [],
    apiClients,
  };
}
