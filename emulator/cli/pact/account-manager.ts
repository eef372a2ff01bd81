import { COMMERCE_API_ROLE } from '../../account-manager/model.js';
import { DEMO } from '../../../fixtures/well-known.js';
import { expectFixture, fromFixtureWorld, textParam, type StateContext, type StateSetup } from './state-kit.js';

// Provider states of Account Manager. The fixture world is the state: each reads the API client back through the
// API Clients API (as the Account Administrator) and fails, with the reason, if it no longer matches the name.

const TENANT = DEMO.b2c.instanceId;
const INTEGRATION = DEMO.accountManager.integrationClient.id;

interface ApiClientDocument {
  id: string;
  active: boolean;
  roles: string[];
  roleTenantFilterMap?: Record<string, string[]>;
}

const apiClient = async (ctx: StateContext, id: string): Promise<ApiClientDocument> =>
  (await ctx.asAccountAdmin('GET', `/dw/rest/v1/apiclients/${encodeURIComponent(id)}`)).json as ApiClientDocument;

export const ACCOUNT_MANAGER_STATES: Record<string, StateSetup> = {
  [`an active API client with the Salesforce Commerce API role for ${TENANT}`]: fromFixtureWorld(async (ctx) => {
    const client = await apiClient(ctx, INTEGRATION);
    expectFixture(client.active, `API client ${INTEGRATION} active`);
    expectFixture(client.roles.includes(COMMERCE_API_ROLE), `API client ${INTEGRATION} with the role ${COMMERCE_API_ROLE}`);
    expectFixture(client.roleTenantFilterMap?.[COMMERCE_API_ROLE]?.includes(TENANT) === true, `API client ${INTEGRATION} with ${COMMERCE_API_ROLE} for ${TENANT}`);
  }),
  'an API client exists': fromFixtureWorld(async (ctx, params) => {
    // A 404 from the API Clients API names the id: the state fails with it.
    await apiClient(ctx, textParam(params, 'id', INTEGRATION));
  }),
};
