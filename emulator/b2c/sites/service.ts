import { AppError } from '../../core/errors/app-error.js';
import type { InstanceStates } from '../instances.js';
import { definedOnly, own } from '../../core/objects.js';
import type { B2cInstanceState, B2cSite, B2cStore, SiteStatus } from '../model.js';

// Sites (read through OCAPI) and each site's stores with the inventory list (`inventory_id`) they sell from.
// Stores are per instance in B2C; OCAPI reaches them through a site, so a site must exist for its store routes.

export type StoreInput = Partial<Omit<B2cStore, 'id' | 'createdAt' | 'lastModified'>>;

export class SitesService {
  readonly #states: InstanceStates;

  constructor(states: InstanceStates) {
    this.#states = states;
  }

  #state(instanceId: string): B2cInstanceState {
    return this.#states.state(instanceId);
  }

  sites(instanceId: string): B2cSite[] {
    return Object.values(this.#state(instanceId).sites).sort((a, b) => a.id.localeCompare(b.id));
  }

  site(instanceId: string, id: string): B2cSite {
    const site = own(this.#state(instanceId).sites, id);
    if (!site) throw new AppError(404, 'SiteNotFoundException', `No site with id '${id}' exists.`, { details: { siteId: { type: 'string', value: id } } });
    return site;
  }

  /** Business Manager → Administration → Sites → Manage Sites → New. */
  createSite(instanceId: string, id: string, name: string, status: SiteStatus): B2cSite {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new AppError(400, 'INVALID_SITE_ID', `Site ID '${id}' must be 1 to 32 letters, digits, '-' or '_'.`);
    const state = this.#state(instanceId);
    if (own(state.sites, id)) throw new AppError(409, 'SITE_EXISTS', `A site with ID '${id}' already exists.`);
    const site: B2cSite = { id, name, status, inventoryListId: null };
    state.sites[id] = site;
    this.#states.touch(instanceId);
    this.#states.emit(instanceId, 'b2c.site.created', { siteId: id, status });
    return site;
  }

  setStatus(instanceId: string, id: string, status: SiteStatus): B2cSite {
    const site = this.site(instanceId, id);
    if (site.status !== status) {
      site.status = status;
      this.#states.touch(instanceId);
      this.#states.emit(instanceId, 'b2c.site.status', { siteId: id, status });
    }
    return site;
  }

  /** Custom Site Preferences: reserve the basket on every item change (off, 10 minutes, unless set). */
  basketReservation(instanceId: string, id: string): { onItemChange: boolean; minutes: number } {
    return this.site(instanceId, id).basketReservation ?? { onItemChange: false, minutes: 10 };
  }

  setBasketReservation(instanceId: string, id: string, pref: { onItemChange: boolean; minutes: number }): void {
    this.site(instanceId, id).basketReservation = { ...pref };
    this.#states.touch(instanceId);
    this.#states.emit(instanceId, 'b2c.site.basket-reservation', { siteId: id, ...pref });
  }

  /** The site, or undefined (no 404). */
  find(instanceId: string, id: string): B2cSite | undefined {
    return own(this.#state(instanceId).sites, id);
  }

  /** The site's inventory list (its storefront's default); null removes it. */
  assignInventoryList(instanceId: string, id: string, listId: string | null): B2cSite {
    const site = this.site(instanceId, id);
    const state = this.#state(instanceId);
    if (listId !== null && !own(state.inventoryLists, listId)) {
      throw new AppError(404, 'INVENTORY_LIST_NOT_FOUND', `No inventory list '${listId}': create it first (Merchant Tools > Products and Catalogs > Inventory).`);
    }
    site.inventoryListId = listId;
    this.#states.touch(instanceId);
    this.#states.emit(instanceId, 'b2c.site.inventory-list', { siteId: id, inventoryListId: listId });
    return site;
  }

  stores(instanceId: string, siteId: string): B2cStore[] {
    this.site(instanceId, siteId);
    return Object.values(this.#state(instanceId).stores).sort((a, b) => a.id.localeCompare(b.id));
  }

  storeOf(instanceId: string, siteId: string, id: string): B2cStore {
    this.site(instanceId, siteId);
    const store = own(this.#state(instanceId).stores, id);
    if (!store) throw new AppError(404, 'StoreNotFoundException', `No store with id '${id}' exists.`, { details: { storeId: { type: 'string', value: id } } });
    return store;
  }

  putStore(instanceId: string, siteId: string, id: string, input: StoreInput): { store: B2cStore; created: boolean } {
    this.site(instanceId, siteId);
    const state = this.#state(instanceId);
    const now = this.#states.now();
    const existing = own(state.stores, id);
    const store: B2cStore = {
      id,
      name: input.name ?? '',
      city: input.city ?? '',
      countryCode: input.countryCode ?? '',
      inventoryId: input.inventoryId ?? null,
      ...definedOnly({ address1: input.address1, postalCode: input.postalCode, stateCode: input.stateCode, phone: input.phone, email: input.email, latitude: input.latitude, longitude: input.longitude }),
      createdAt: existing?.createdAt ?? now,
      lastModified: now,
    };
    state.stores[id] = store;
    this.#states.touch(instanceId);
    if (!existing) this.#states.emit(instanceId, 'b2c.store.created', { storeId: id, inventoryId: store.inventoryId });
    else this.#inventoryChanged(instanceId, id, existing.inventoryId, store.inventoryId);
    return { store, created: !existing };
  }

  patchStore(instanceId: string, siteId: string, id: string, input: StoreInput): B2cStore {
    const before = this.storeOf(instanceId, siteId, id).inventoryId;
    const store = this.#states.patch(instanceId, this.storeOf(instanceId, siteId, id), input);
    this.#inventoryChanged(instanceId, id, before, store.inventoryId);
    return store;
  }

  /** A store selling from another inventory list (its `inventory_id`) is a step of the setup guide. */
  #inventoryChanged(instanceId: string, storeId: string, before: string | null, after: string | null): void {
    if (before !== after) this.#states.emit(instanceId, 'b2c.store.inventory', { storeId, inventoryId: after, previous: before });
  }

  deleteStore(instanceId: string, siteId: string, id: string): void {
    this.storeOf(instanceId, siteId, id);
    delete this.#state(instanceId).stores[id];
    this.#states.touch(instanceId);
  }
}
