import { AppError } from '../../core/errors/app-error.js';
import type { InstanceStates } from '../instances.js';
import { definedOnly, own } from '../../core/objects.js';
import { dictionary, keyed } from '../keyed.js';
import type { B2cInstanceState, B2cInventoryList, NativeRecord } from '../model.js';

// B2C's native inventory, per instance: inventory lists and their product inventory records, as OCAPI Data and
// Business Manager change them. An inventory list id must follow OCI's External Reference rules (B2C pairs a list
// with the location or group of the same id), but B2C cannot know whether such a place exists: an unmatched id is
// accepted and shows as unpaired wherever pairing is reported.

export const LIST_ID = /^[A-Za-z0-9_-]{2,128}$/;

export interface ListInput {
  description?: string | undefined;
  defaultInStock?: boolean | undefined;
  onOrderInventoryEnabled?: boolean | undefined;
  useBundleInventoryOnly?: boolean | undefined;
}

export type RecordInput = Partial<Omit<NativeRecord, 'productId' | 'createdAt' | 'lastModified'>>;

/** Who wrote a native record by hand: OCAPI Data, or Business Manager's record page. */
export type RecordWriter = 'ocapi' | 'business-manager';

export class NativeInventory {
  readonly #states: InstanceStates;

  constructor(states: InstanceStates) {
    this.#states = states;
  }

  state(instanceId: string): B2cInstanceState {
    return this.#states.state(instanceId);
  }

  lists(instanceId: string): B2cInventoryList[] {
    return Object.values(this.state(instanceId).inventoryLists).sort((a, b) => a.id.localeCompare(b.id));
  }

  list(instanceId: string, id: string): B2cInventoryList {
    const list = own(this.state(instanceId).inventoryLists, id);
    if (!list) throw listNotFound(id);
    return list;
  }

  /** PUT: creates the list, or replaces its settings; answers whether it was created. */
  putList(instanceId: string, id: string, input: ListInput): { list: B2cInventoryList; created: boolean } {
    if (!LIST_ID.test(id)) {
      throw new AppError(400, 'InvalidInventoryListIdException', `The inventory list id '${id}' is invalid: 2 to 128 letters, digits, '-' or '_' (it must equal an OCI External Reference).`, {
        details: { id: { type: 'string', value: id } },
      });
    }
    const state = this.state(instanceId);
    const now = this.#states.now();
    const existing = own(state.inventoryLists, id);
    const list: B2cInventoryList = {
      id,
      description: input.description ?? '',
      defaultInStock: input.defaultInStock ?? false,
      createdAt: existing?.createdAt ?? now,
      lastModified: now,
      onOrderInventoryEnabled: input.onOrderInventoryEnabled ?? false,
      useBundleInventoryOnly: input.useBundleInventoryOnly ?? false,
    };
    state.inventoryLists[id] = list;
    this.#states.touch(instanceId);
    if (!existing) this.#states.emit(instanceId, 'b2c.inventory-list.created', { listId: id });
    return { list, created: !existing };
  }

  patchList(instanceId: string, id: string, input: ListInput): B2cInventoryList {
    const list = this.list(instanceId, id);
    if (input.description !== undefined) list.description = input.description;
    if (input.defaultInStock !== undefined) list.defaultInStock = input.defaultInStock;
    if (input.onOrderInventoryEnabled !== undefined) list.onOrderInventoryEnabled = input.onOrderInventoryEnabled;
    if (input.useBundleInventoryOnly !== undefined) list.useBundleInventoryOnly = input.useBundleInventoryOnly;
    list.lastModified = this.#states.now();
    this.#states.touch(instanceId);
    return list;
  }

  /** DELETE: the list and its records go; sites and stores using it no longer do. */
  deleteList(instanceId: string, id: string): void {
    const state = this.state(instanceId);
    if (!own(state.inventoryLists, id)) return;
    delete state.inventoryLists[id];
    if (state.records && own(state.records, id)) delete state.records[id];
    for (const site of Object.values(state.sites)) if (site.inventoryListId === id) site.inventoryListId = null;
    for (const store of Object.values(state.stores)) if (store.inventoryId === id) store.inventoryId = null;
    this.#states.touch(instanceId);
    this.#states.emit(instanceId, 'b2c.inventory-list.deleted', { listId: id });
  }

  /** The clock's time as B2C writes it. */
  now(): string {
    return this.#states.now();
  }

  retentionDays(instanceId: string): number | undefined {
    return this.state(instanceId).inventoryRetentionDays;
  }

  /** Administration → Global Preferences → Retention Settings → Inventory Record Retention (days; in OCI mode a job purges native records not written for longer, 0 at once). */
  setRetentionDays(instanceId: string, days: number): void {
    if (!Number.isInteger(days) || days < 0) throw new AppError(400, 'INVALID_RETENTION', 'Inventory Record Retention must be a whole number of days, 0 or more.');
    this.state(instanceId).inventoryRetentionDays = days;
    this.#states.touch(instanceId);
    this.#states.emit(instanceId, 'b2c.retention.inventory-records', { days });
  }

  /** Removes the native records of every list last written before `cutoff` (ISO); answers how many went. */
  purgeRecordsBefore(instanceId: string, cutoff: string): number {
    const records = this.state(instanceId).records;
    if (!records) return 0;
    let purged = 0;
    for (const byProduct of Object.values(records)) {
      for (const [productId, record] of Object.entries(keyed(byProduct))) {
        if (record.lastModified < cutoff) {
          delete byProduct[productId];
          purged++;
        }
      }
    }
    if (purged > 0) this.#states.touch(instanceId);
    return purged;
  }

  /** Sites whose default list this is. */
  assignedSites(instanceId: string, id: string): string[] {
    return Object.values(this.state(instanceId).sites)
      .filter((s) => s.inventoryListId === id)
      .map((s) => s.id);
  }

  records(instanceId: string, listId: string): NativeRecord[] {
    this.list(instanceId, listId);
    return Object.values(this.#existingRecordsOf(instanceId, listId) ?? {}).sort((a, b) => a.productId.localeCompare(b.productId));
  }

  /** The record, or undefined (the list must exist). */
  findRecord(instanceId: string, listId: string, productId: string): NativeRecord | undefined {
    this.list(instanceId, listId);
    const byProduct = this.#existingRecordsOf(instanceId, listId);
    return byProduct ? own(byProduct, productId) : undefined;
  }

  record(instanceId: string, listId: string, productId: string): NativeRecord {
    const record = this.findRecord(instanceId, listId, productId);
    if (!record) throw recordNotFound(listId, productId);
    return record;
  }

  /**
   * PUT: creates or replaces the record (fields left out take their defaults). `by` names a write made through an
   * API or a page (journaled as `b2c.inventory-record.written`); an import's records are told by its job instead.
   */
  putRecord(instanceId: string, listId: string, productId: string, input: RecordInput, by?: RecordWriter): { record: NativeRecord; created: boolean } {
    this.list(instanceId, listId);
    const byProduct = this.#recordsOf(instanceId, listId);
    const now = this.#states.now();
    const existing = own(byProduct, productId);
    const record: NativeRecord = { ...defaults(productId, existing?.createdAt ?? now, now), ...definedOnly(input) };
    byProduct[productId] = record;
    this.#states.touch(instanceId);
    if (by) this.#states.emit(instanceId, 'b2c.inventory-record.written', { listId, productId, by, op: existing ? 'replace' : 'create' });
    return { record, created: !existing };
  }

  patchRecord(instanceId: string, listId: string, productId: string, input: RecordInput, by?: RecordWriter): NativeRecord {
    const record = this.#states.patch(instanceId, this.record(instanceId, listId, productId), input);
    if (by) this.#states.emit(instanceId, 'b2c.inventory-record.written', { listId, productId, by, op: 'update' });
    return record;
  }

  /**
   * An order's inventory transaction: turnover (or on order, when the list keeps On Order Inventory) moves by
   * `units` (negative gives back). A product without a record books nothing; answers whether it booked.
   */
  book(instanceId: string, listId: string, productId: string, units: number, onOrder: boolean): boolean {
    const byProduct = this.#existingRecordsOf(instanceId, listId);
    const record = byProduct ? own(byProduct, productId) : undefined;
    if (!record) return false;
    if (onOrder) record.onOrder = Math.round((record.onOrder + units) * 1000) / 1000;
    else record.turnover = Math.round((record.turnover + units) * 1000) / 1000;
    this.#states.touch(instanceId);
    return true;
  }

  deleteRecord(instanceId: string, listId: string, productId: string, by?: RecordWriter): void {
    this.record(instanceId, listId, productId);
    delete this.#recordsOf(instanceId, listId)[productId];
    this.#states.touch(instanceId);
    if (by) this.#states.emit(instanceId, 'b2c.inventory-record.written', { listId, productId, by, op: 'delete' });
  }

  /** The list's records by product id, created when absent. */
  #recordsOf(instanceId: string, listId: string): Record<string, NativeRecord> {
    const records = (this.state(instanceId).records ??= dictionary());
    return keyed((records[listId] = own(records, listId) ?? dictionary()));
  }

  #existingRecordsOf(instanceId: string, listId: string): Record<string, NativeRecord> | undefined {
    const records = this.state(instanceId).records;
    const byProduct = records ? own(records, listId) : undefined;
    return byProduct ? keyed(byProduct) : undefined;
  }
}

function defaults(productId: string, createdAt: string, now: string): NativeRecord {
  return {
    productId,
    allocation: 0,
    perpetual: false,
    preorderBackorderHandling: 'none',
    preorderBackorderAllocation: 0,
    turnover: 0,
    onOrder: 0,
    createdAt,
    lastModified: now,
  };
}

export function recordNotFound(listId: string, productId: string): AppError {
  return new AppError(404, 'ProductInventoryRecordNotFoundException', `No inventory record for product '${productId}' in inventory list '${listId}'.`, {
    details: { productId: { type: 'string', value: productId }, inventoryListId: { type: 'string', value: listId } },
  });
}

export function listNotFound(id: string): AppError {
  return new AppError(404, 'InventoryListNotFoundException', `No inventory list with id '${id}' exists.`, { details: { id: { type: 'string', value: id } } });
}
