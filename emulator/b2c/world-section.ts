import type { InstanceStates } from './instances.js';
import type { B2cServices } from './services.js';

// B2C's part of the world document (GET /__emulator/world): each instance with its hosts, sites, stores and
// inventory lists, its inventory integration mode, how many products its catalog holds, and its SLAS clients.

export function b2cSection(services: B2cServices, states: InstanceStates, baseUrl: string, products: (instanceId: string) => number, slasClients: (instanceId: string) => readonly { id: string; secretHash?: string; redirectUris: string[] }[]) {
  return {
    b2cInstances: services.instances().map((inst) => {
      const state = states.existing(inst.id);
      return {
        ...inst,
        ocapiDataBase: `${baseUrl}/s/-/dw/data/v25_6`,
        businessManager: `https://${inst.bmHost}/on/demandware.store/Sites-Site`,
        sites: Object.values(state?.sites ?? {}),
        stores: Object.values(state?.stores ?? {}),
        inventoryLists: Object.keys(state?.inventoryLists ?? {}),
        inventoryIntegrationMode: services.mode(inst.id),
        products: products(inst.id),
        shopperAuth: `${baseUrl}/shopper/auth/v1/organizations/${inst.organizationId}/oauth2`,
        // Secrets are kept only as hashes: the demo ones are in the credentials below and in fixtures/well-known.ts.
        slasClients: slasClients(inst.id).map((c) => ({ id: c.id, type: c.secretHash === undefined ? 'public' : 'private', redirectUris: c.redirectUris })),
      };
    }),
  };
}
