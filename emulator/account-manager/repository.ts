import type { Store } from '../core/store/store.js';
import { AM_NAMESPACE, emptyAmState, type AmOrganization, type AmState, type StoredApiClient } from './model.js';

/** Account Manager's slice of the store: lookups by id are direct, nothing scans on the token path. */
export class AmRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  #state(): AmState {
    return this.#store.ensure(AM_NAMESPACE, emptyAmState);
  }

  client(id: string): StoredApiClient | undefined {
    return Object.hasOwn(this.#state().apiClients, id) ? this.#state().apiClients[id] : undefined;
  }

  clients(): StoredApiClient[] {
    return Object.values(this.#state().apiClients);
  }

  putClient(client: StoredApiClient): void {
    this.#state().apiClients[client.id] = client;
    this.#store.touch(AM_NAMESPACE);
  }

  removeClient(id: string): void {
    delete this.#state().apiClients[id];
    this.#store.touch(AM_NAMESPACE);
  }

  organization(id: string): AmOrganization | undefined {
    return Object.hasOwn(this.#state().organizations, id) ? this.#state().organizations[id] : undefined;
  }

  organizations(): AmOrganization[] {
    return Object.values(this.#state().organizations);
  }

  /** For in-place edits of a client already read through `client()`. */
  touched(): void {
    this.#store.touch(AM_NAMESPACE);
  }
}
