import { send, type HttpCall } from '../http.js';
import { requestOrgToken, salesforceRefusal, type OrgSession } from '../salesforce-dialect.js';

// What an org admin does in Setup for the setup guide's Phase 3 (docs/trust.md), through the org's JSON page
// endpoints: sign in (password grant with the connected app), turn the Omnichannel Inventory-B2C Commerce
// Integration on, wait for its success e-mail, request trust with the B2C instance (Manage C2C Trust Relationships
// → New) and, once Business Manager allowed it, Establish Trust. Plain fetch (through the shared helper).

export interface AdminLogin {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/** The admin's session of the org: the OAuth password grant of the connected app. */
export function signIn(login: AdminLogin): Promise<OrgSession> {
  return requestOrgToken(login.baseUrl, { grant_type: 'password', client_id: login.clientId, client_secret: login.clientSecret, username: login.username, password: login.password });
}

export type IntegrationStatus = 'OFF' | 'PROVISIONING' | 'ON';

/** Setup > Omnichannel Inventory, as far as the admin reads it. */
export interface OmnichannelInventoryPage {
  page: string;
  b2cCommerceIntegration: { label: string; status: IntegrationStatus; changedAt?: string; readyAt?: string };
  tenantId: string;
  [field: string]: unknown;
}

export interface TrustRelationship {
  id: string;
  cloud: string;
  remoteTenantUrl: string;
  instanceId: string;
  tenantGroupId: string;
  status: 'Pending' | 'Allowed' | 'Denied' | 'Established' | 'Disconnected';
  establishTrust: { enabled: boolean; reason?: string };
  [field: string]: unknown;
}

export interface Mail {
  to: string;
  subject: string;
  body: string;
  time: string;
}

const OCI_PAGE = '/lightning/setup/OmnichannelInventory/home';
const TRUSTS = '/lightning/setup/C2CTrustRelationships';
/** The subject of the e-mail that ends provisioning: the guide says to request trust only after it came. */
export const INTEGRATION_READY = 'Omnichannel Inventory-B2C Commerce Integration is ready';

export class SetupClient {
  constructor(private readonly c: { baseUrl: string; accessToken: string }) {}

  async omnichannelInventory(): Promise<OmnichannelInventoryPage> {
    return (await this.#send({ path: OCI_PAGE })).json as OmnichannelInventoryPage;
  }

  /** The integration toggle; turning it on starts provisioning (the page then says PROVISIONING until readyAt). */
  async setB2cIntegration(on: boolean): Promise<OmnichannelInventoryPage> {
    return (await this.#send({ method: 'POST', path: OCI_PAGE, json: { b2cCommerceIntegration: on } })).json as OmnichannelInventoryPage;
  }

  /** New → Commerce Cloud → the instance's Business Manager URL (`https://<host>/on/`) → Request Trust. */
  async requestTrust(remoteTenantUrl: string): Promise<TrustRelationship> {
    return (await this.#send({ method: 'POST', path: `${TRUSTS}/home`, json: { cloud: 'Commerce Cloud', remoteTenantUrl } })).json as TrustRelationship;
  }

  async trustRelationship(id: string): Promise<TrustRelationship> {
    return (await this.#send({ path: `${TRUSTS}/${encodeURIComponent(id)}` })).json as TrustRelationship;
  }

  /** Establish Trust: enabled once Business Manager allowed the request. */
  async establishTrust(id: string): Promise<TrustRelationship> {
    return (await this.#send({ method: 'POST', path: `${TRUSTS}/${encodeURIComponent(id)}/establish` })).json as TrustRelationship;
  }

  #send(call: HttpCall) {
    return send(this.c.baseUrl, { ...call, bearer: this.c.accessToken }, salesforceRefusal);
  }
}
