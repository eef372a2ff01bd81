import { own } from '../core/objects.js';
import type { Store } from '../core/store/store.js';
import {
  emptyOrgState,
  emptySalesforceState,
  orgNamespace,
  SALESFORCE_NAMESPACE,
  type ConnectedApp,
  type OrgState,
  type OrgUser,
  type SalesforceOrg,
  type SalesforceState,
  type TenantGroup,
} from './model.js';

// The org side of the store: the shared registry (orgs, users, connected apps, tenant groups) and each org's own
// namespace. Lookups by key only; callers change objects in place and say which org they touched.

export class SalesforceRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  #registry(): SalesforceState {
    return this.#store.get<SalesforceState>(SALESFORCE_NAMESPACE) ?? emptySalesforceState();
  }

  org(id: string): SalesforceOrg | undefined {
    return own(this.#registry().orgs, id);
  }

  user(username: string): OrgUser | undefined {
    // Salesforce usernames are case-insensitive; the registry keys them as created.
    const users = this.#registry().users;
    return own(users, username) ?? Object.values(users).find((u) => u.username.toLowerCase() === username.toLowerCase());
  }

  userById(id: string): OrgUser | undefined {
    return Object.values(this.#registry().users).find((u) => u.id === id);
  }

  app(consumerKey: string): ConnectedApp | undefined {
    return own(this.#registry().connectedApps, consumerKey);
  }

  tenantGroup(id: string): TenantGroup | undefined {
    return own(this.#registry().tenantGroups, id);
  }

  tenantGroups(): TenantGroup[] {
    return Object.values(this.#registry().tenantGroups);
  }

  orgs(): SalesforceOrg[] {
    return Object.values(this.#registry().orgs);
  }

  connectedApps(): ConnectedApp[] {
    return Object.values(this.#registry().connectedApps);
  }

  users(): OrgUser[] {
    return Object.values(this.#registry().users);
  }

  orgIds(): string[] {
    return Object.keys(this.#registry().orgs);
  }

  /** The org's own records, created empty the first time an org is used. */
  orgState(orgId: string): OrgState {
    return this.#store.ensure(orgNamespace(orgId), emptyOrgState);
  }

  /** The org's records if it has any yet; never creates the namespace. */
  existingOrgState(orgId: string): OrgState | undefined {
    return this.#store.get<OrgState>(orgNamespace(orgId));
  }

  touchOrg(orgId: string): void {
    this.#store.touch(orgNamespace(orgId));
  }
}
