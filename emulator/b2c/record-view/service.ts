import { AppError } from '../../core/errors/app-error.js';
import { byCodeUnit } from '../../core/objects.js';
import type { IntegrationMode } from '../integration/model.js';
import type { IntegrationService } from '../integration/service.js';
import { recordNotFound, type NativeInventory, type RecordInput } from '../inventory/service.js';
import type { NativeRecord } from '../model.js';
import { ociView } from '../oci-cache/mapping.js';
import type { OciCache } from '../oci-cache/service.js';
import type { ProductRecord, Source } from './model.js';
import { productMatcher } from './search.js';

// What B2C believes about a product in a list: the native record beside the cached OCI data, and which one the
// storefront and OCAPI read (the cache in Omnichannel Inventory mode, the native record otherwise). In OCI mode
// native records are read-only to people and to OCAPI; the inventory XML import still writes them (it uses the
// native inventory directly), as the guide says direct imports "still work".

export class RecordView {
  readonly #inventory: NativeInventory;
  readonly #cache: OciCache;
  readonly #integration: IntegrationService;

  constructor(deps: { inventory: NativeInventory; cache: OciCache; integration: IntegrationService }) {
    this.#inventory = deps.inventory;
    this.#cache = deps.cache;
    this.#integration = deps.integration;
  }

  modeOf(instanceId: string): IntegrationMode {
    return this.#integration.mode(instanceId);
  }

  /** Where reads of the instance's records come from. */
  source(instanceId: string): Source {
    return this.#integration.mode(instanceId) === 'OCI' ? 'oci-cache' : 'native';
  }

  /** The product's record in both forms; 404 when neither exists (the list must exist). */
  record(instanceId: string, listId: string, productId: string): ProductRecord {
    const native = this.#inventory.findRecord(instanceId, listId, productId);
    const cached = this.#cache.record(instanceId, listId, productId);
    if (!native && !cached) this.#inventory.record(instanceId, listId, productId);
    return { listId, productId, native, oci: cached ? ociView(cached) : undefined };
  }

  /** The record OCAPI answers with: the cached OCI data in OCI mode (404 when the cache has none), else native. */
  served(instanceId: string, listId: string, productId: string): ProductRecord {
    if (this.source(instanceId) === 'native') return { listId, productId, native: this.#inventory.record(instanceId, listId, productId), oci: undefined };
    this.#inventory.list(instanceId, listId);
    const cached = this.#cache.record(instanceId, listId, productId);
    if (!cached) throw recordNotFound(listId, productId);
    return { listId, productId, native: undefined, oci: ociView(cached) };
  }

  /** The product ids OCAPI lists, sorted (each page then reads only its own records with `served`). */
  servedIds(instanceId: string, listId: string): readonly string[] {
    if (this.source(instanceId) === 'native') return this.#inventory.records(instanceId, listId).map((r) => r.productId);
    this.#inventory.list(instanceId, listId);
    return this.#cache.sortedSkus(instanceId, listId);
  }

  /** The Records tab: ids of native and cached records matching the search, sorted, one page of them. */
  find(instanceId: string, listId: string, search: string | undefined, start: number, count: number): { total: number; records: ProductRecord[] } {
    this.#inventory.list(instanceId, listId);
    const match = productMatcher(search);
    // The cache keeps its SKUs sorted; the native ids (usually few) are sorted here and merged in, one pass.
    const natives = this.#inventory.records(instanceId, listId).map((r) => r.productId).filter(match).sort(byCodeUnit);
    const cached = this.#cache.sortedSkus(instanceId, listId);
    const ids: string[] = [];
    let n = 0;
    for (const sku of cached) {
      if (!match(sku)) continue;
      while (n < natives.length && natives[n]! < sku) ids.push(natives[n++]!);
      if (n < natives.length && natives[n] === sku) n++;
      ids.push(sku);
    }
    while (n < natives.length) ids.push(natives[n++]!);
    return { total: ids.length, records: ids.slice(start, start + count).map((id) => this.record(instanceId, listId, id)) };
  }

  /**
   * Native writes by a person or OCAPI: refused in OCI mode, in the dialect of the way in. What does not exist is
   * a 404 first (the list; the record too when the write needs one, as PATCH and DELETE do).
   */
  assertWritable(instanceId: string, via: 'ocapi' | 'business-manager', listId: string, productId: string, needsRecord = false): void {
    if (this.#integration.mode(instanceId) !== 'OCI') return;
    this.#inventory.list(instanceId, listId);
    // In OCI mode the record a client can read is the cached one: a PATCH or DELETE of anything else is a 404.
    if (needsRecord && !this.#cache.record(instanceId, listId, productId)) throw recordNotFound(listId, productId);
    if (via === 'ocapi') {
      throw new AppError(403, 'ProductInventoryRecordReadOnlyException', `Product inventory records are read-only while the inventory integration mode is OCI (Omnichannel Inventory): '${productId}' in '${listId}' comes from OCI. Send inventory to OCI instead.`, {
        details: { productId: { type: 'string', value: productId }, inventoryListId: { type: 'string', value: listId } },
      });
    }
    throw new AppError(403, 'RECORDS_READ_ONLY', `Inventory records are read-only in Omnichannel Inventory mode: '${productId}' in '${listId}' shows what OCI sent. Change it in OCI (imports or batch-update) instead.`);
  }

  /**
   * The record's General tab → Apply (a native edit). A new allocation resets the allocation date, to the one given
   * or now, and with it the turnover, as an import does; the date cannot move back.
   */
  save(instanceId: string, listId: string, productId: string, input: RecordInput): NativeRecord {
    this.assertWritable(instanceId, 'business-manager', listId, productId);
    const existing = this.#inventory.findRecord(instanceId, listId, productId);
    const changes: RecordInput = { ...input };
    if (input.allocation !== undefined || input.allocationResetDate !== undefined) {
      const resetDate = input.allocationResetDate ?? this.#inventory.now();
      if (existing?.allocationResetDate && Date.parse(resetDate) < Date.parse(existing.allocationResetDate)) {
        throw new AppError(400, 'RESET_DATE_IN_PAST', `The allocation reset date ${resetDate} is older than the record's ${existing.allocationResetDate}: it cannot move back.`);
      }
      changes.allocationResetDate = resetDate;
      changes.turnover = 0;
    }
    if (!existing) return this.#inventory.putRecord(instanceId, listId, productId, changes, 'business-manager').record;
    return this.#inventory.patchRecord(instanceId, listId, productId, changes, 'business-manager');
  }
}
