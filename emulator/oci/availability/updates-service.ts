import type { VirtualClock } from '../../core/clock.js';
import type { ChangeFeed } from '../change-feed/feed.js';
import type { EventFigures } from '../change-feed/model.js';
import { ociError, ociErrors } from '../errors.js';
import { NO_FUTURES, type OciFuture, type OciRecord } from '../model.js';
import type { OciTenantState } from '../tenant-book.js';
import type { OciTenants } from '../tenants.js';
import { ensureRecordsAt, recordsAt } from '../records/records-at.js';
import { futuresTotal, qty } from './arithmetic.js';
import { importWriter, type ImportWriter } from './import-writer.js';
import type { BatchUpdateBody, RecordBody, SegmentationBody } from './requests.js';

// Writes to availability records: batch-update, the per-location SKU PUT/PATCH/DELETE, product segmentation.
// Each record write lands in the change feed. Request ids make writes idempotent: the same id with the same
// content is applied once; the same id with other content is refused.

const APPLIED_RETENTION_MS = 24 * 3_600_000;

export interface RecordValues {
  onHand?: number | undefined;
  safetyStockCount?: number | undefined;
  effectiveDate?: string | undefined;
  futures?: OciFuture[] | undefined;
}

export interface BatchError {
  details: { externalRefId?: string; locationId: string; sku: string; id: string };
  message: string;
  errorCode: string;
}

export interface SegmentationError {
  error: string;
}

/** One write through the availability APIs, as the journal tells it: how many records, where (at most 20 places), and whether any set safety stock. */
export interface AvailabilityWritten {
  source: 'batch-update' | 'record-replace' | 'record-update' | 'record-delete';
  records: number;
  locations: string[];
  safetyStock: boolean;
}

export class AvailabilityUpdates {
  readonly #tenants: OciTenants;
  readonly #feed: ChangeFeed;
  readonly #clock: VirtualClock;
  /** Set by impex: the export running for a tenant group, if any (a DELETE then answers 409). */
  exportInProgress: (tenantGroupId: string) => string | undefined = () => undefined;
  /** Told after each write through the APIs (the party journals it as `oci.availability.written`). */
  onWritten: (tenantGroupId: string, written: AvailabilityWritten) => void = () => {};

  constructor(tenants: OciTenants, feed: ChangeFeed, clock: VirtualClock) {
    this.#tenants = tenants;
    this.#feed = feed;
    this.#clock = clock;
  }

  /**
   * Writes one record: `replace` clears what is not given (PUT); otherwise only given fields change. The change
   * feed gets the figures before and after, under `eventType` (what the event-log export calls the change).
   */
  write(tenantGroupId: string, locationId: string, sku: string, values: RecordValues, replace: boolean, eventType: string): OciRecord {
    const next = this.#put(tenantGroupId, locationId, sku, values, replace, eventType);
    this.#tenants.touch(tenantGroupId);
    return next;
  }

  /** write() without telling the store: a batch tells it once, after its last record. */
  #put(tenantGroupId: string, locationId: string, sku: string, values: RecordValues, replace: boolean, eventType: string): OciRecord {
    const records = ensureRecordsAt(this.#tenants.state(tenantGroupId), locationId);
    const current = records.get(sku);
    const next: OciRecord = replace
      ? { onHand: 0, safetyStockCount: 0, futures: NO_FUTURES, reserved: current?.reserved ?? 0 }
      : { onHand: 0, safetyStockCount: 0, futures: NO_FUTURES, reserved: 0, ...current };
    if (replace && current?.groupHolds) next.groupHolds = current.groupHolds;
    if (values.onHand !== undefined) next.onHand = qty(values.onHand);
    if (values.safetyStockCount !== undefined) next.safetyStockCount = qty(values.safetyStockCount);
    if (values.effectiveDate !== undefined) next.effectiveDate = values.effectiveDate;
    if (values.futures !== undefined) {
      next.futures = values.futures.length === 0 ? NO_FUTURES : values.futures.map((f) => ({ expectedDate: f.expectedDate, quantity: qty(f.quantity) }));
    }
    records.set(sku, next);
    this.#feed.appendEvent(tenantGroupId, locationId, sku, eventType, next.effectiveDate, eventFigures(current, next, next.onHand));
    return next;
  }

  /** The write path of imports (import-writer.ts). */
  importWriter(tenantGroupId: string, eventType: string): ImportWriter {
    return importWriter(this.#tenants, this.#feed, this.#clock, tenantGroupId, eventType);
  }

  batchUpdate(tenantGroupId: string, body: BatchUpdateBody): BatchError[] {
    const state = this.#tenants.state(tenantGroupId);
    for (const r of body.records) if (!state.locations[r.location]) throw ociErrors.locationDoesNotExist(r.location);
    const errors: BatchError[] = [];
    let written = false;
    let count = 0;
    let safetyStock = false;
    const locations = new Set<string>();
    try {
      for (const r of body.records) {
        const values = fromBody(r);
        const outcome = this.#once(state, `batch:${r.id}:${r.sku}`, { location: r.location, ...values });
        if (outcome === 'repeat') continue;
        if (outcome === 'conflict') {
          errors.push({
            details: { ...(r.externalRefId !== undefined ? { externalRefId: r.externalRefId } : {}), locationId: r.location, sku: r.sku, id: r.id },
            message: `The id ${r.id} was already used for SKU ${r.sku} with other values.`,
            errorCode: 'DuplicateEventId',
          });
          continue;
        }
        this.#put(tenantGroupId, r.location, r.sku, values, false, 'location_batch_update');
        written = true;
        count++;
        if (locations.size < 20) locations.add(r.location);
        if ((values.safetyStockCount ?? 0) > 0) safetyStock = true;
      }
    } finally {
      // Once per batch rather than per record: the store and the answer cache need to hear it once.
      if (written) {
        this.#tenants.touch(tenantGroupId);
        this.onWritten(tenantGroupId, { source: 'batch-update', records: count, locations: [...locations], safetyStock });
      }
    }
    return errors;
  }

  /** PUT: update or create, clearing every field the body leaves out. */
  replace(tenantGroupId: string, locationId: string, sku: string, requestId: string, body: RecordBody): void {
    const state = this.#requireLocation(tenantGroupId, locationId);
    const values = fromBody(body);
    const outcome = this.#once(state, `put:${requestId}:${sku}`, { locationId, ...values });
    if (outcome === 'conflict') throw reusedRequestId(requestId);
    if (outcome === 'new') {
      this.write(tenantGroupId, locationId, sku, values, true, 'location_replace');
      this.onWritten(tenantGroupId, { source: 'record-replace', records: 1, locations: [locationId], safetyStock: (values.safetyStockCount ?? 0) > 0 });
    }
  }

  /** PATCH: only the given fields change; the record must exist. */
  update(tenantGroupId: string, locationId: string, sku: string, requestId: string, body: RecordBody): void {
    const state = this.#requireLocation(tenantGroupId, locationId);
    const values = fromBody(body);
    const outcome = this.#once(state, `patch:${requestId}:${sku}`, { locationId, ...values });
    if (outcome === 'conflict') throw reusedRequestId(requestId);
    if (outcome === 'repeat') return;
    if (!this.#tenants.record(tenantGroupId, locationId, sku)) {
      state.applied.delete(`patch:${requestId}:${sku}`);
      throw ociErrors.entityNotFound(404);
    }
    this.write(tenantGroupId, locationId, sku, values, false, 'location_update');
    this.onWritten(tenantGroupId, { source: 'record-update', records: 1, locations: [locationId], safetyStock: (values.safetyStockCount ?? 0) > 0 });
  }

  /** DELETE: the record goes, and with it the SKU's share of every group it counted in. */
  remove(tenantGroupId: string, locationId: string, sku: string, requestId: string): void {
    const running = this.exportInProgress(tenantGroupId);
    if (running) throw ociError(409, 'ExportInProcess', `Export ${running} is in progress.`);
    const state = this.#tenants.state(tenantGroupId);
    const key = `delete:${requestId}:${sku}`;
    if (state.applied.get(key)?.digest === digest({ locationId })) return;
    const records = recordsAt(state, locationId);
    const before = records?.get(sku);
    if (!records || !before) throw ociErrors.entityNotFound(404, 'The Location SKU provided was not found in the system.');
    records.delete(sku);
    this.#once(state, key, { locationId });
    this.#tenants.touch(tenantGroupId);
    this.#feed.appendEvent(tenantGroupId, locationId, sku, 'location_delete', before.effectiveDate, eventFigures(before, undefined, 0));
    this.onWritten(tenantGroupId, { source: 'record-delete', records: 1, locations: [locationId], safetyStock: false });
  }

  segmentation(tenantGroupId: string, body: SegmentationBody): SegmentationError[] {
    const state = this.#tenants.state(tenantGroupId);
    const errors: SegmentationError[] = [];
    for (const entry of body.groups) {
      const groups = entry.groupId === '*' ? Object.keys(state.groups) : [entry.groupId];
      for (const groupId of groups) {
        for (const sku of entry.skus) {
          if (!state.groups[groupId]) {
            const verb = entry.mode === 'APPEND' ? 'create' : 'delete';
            errors.push({ error: `Failed to ${verb} product segmentation for group id ${groupId} and sku ${sku}` });
            continue;
          }
          const excluded = new Set(state.exclusions[groupId] ?? []);
          const changed = entry.mode === 'APPEND' ? !excluded.has(sku) && excluded.add(sku) : excluded.delete(sku);
          if (!changed) continue;
          state.exclusions[groupId] = [...excluded];
          this.#feed.append(tenantGroupId, 'group', groupId, sku);
        }
      }
    }
    this.#tenants.invalidate(tenantGroupId);
    this.#tenants.touch(tenantGroupId);
    return errors;
  }

  /** The SKU's whole exclusion list (Connect's `groupEligibilityExclusion`): listed groups exclude it, others not. */
  excludeOnly(tenantGroupId: string, sku: string, groups: readonly string[]): void {
    const state = this.#tenants.state(tenantGroupId);
    const listed = new Set(groups);
    const drop = Object.keys(state.exclusions).filter((g) => !listed.has(g) && state.exclusions[g]!.includes(sku));
    const changes = [
      ...[...listed].map((groupId) => ({ groupId, mode: 'APPEND' as const, skus: [sku] })),
      ...drop.map((groupId) => ({ groupId, mode: 'DELETE' as const, skus: [sku] })),
    ];
    if (changes.length > 0) this.segmentation(tenantGroupId, { groups: changes });
  }

  /**
   * Product-segmentation import entries, in file order: REPLACE makes the group's exclusions exactly the listed
   * SKUs, APPEND adds them, REMOVE takes them out. Each SKU whose exclusion changed lands in the change feed.
   * Answers how many SKU lines applied.
   */
  applySegmentation(tenantGroupId: string, entries: readonly { groupId: string; mode: 'REPLACE' | 'APPEND' | 'REMOVE'; skus: readonly string[] }[]): number {
    const state = this.#tenants.state(tenantGroupId);
    let applied = 0;
    for (const { groupId, mode, skus } of entries) {
      if (!state.groups[groupId]) continue;
      const before = new Set(state.exclusions[groupId] ?? []);
      const after = mode === 'REPLACE' ? new Set<string>() : new Set(before);
      for (const sku of skus) {
        if (mode === 'REMOVE') after.delete(sku);
        else after.add(sku);
      }
      applied += skus.length;
      for (const sku of after) if (!before.has(sku)) this.#feed.append(tenantGroupId, 'group', groupId, sku);
      for (const sku of before) if (!after.has(sku)) this.#feed.append(tenantGroupId, 'group', groupId, sku);
      if (after.size === 0) delete state.exclusions[groupId];
      else state.exclusions[groupId] = [...after];
    }
    this.#tenants.invalidate(tenantGroupId);
    this.#tenants.touch(tenantGroupId);
    return applied;
  }

  #requireLocation(tenantGroupId: string, locationId: string): OciTenantState {
    const state = this.#tenants.state(tenantGroupId);
    if (!state.locations[locationId]) throw ociErrors.locationDoesNotExist(locationId);
    return state;
  }

  /** Records a request id: `new` the first time, `repeat` for the same content, `conflict` for other content. */
  #once(state: OciTenantState, key: string, content: unknown): 'new' | 'repeat' | 'conflict' {
    const d = digest(content);
    const seen = state.applied.get(key);
    if (seen) return seen.digest === d ? 'repeat' : 'conflict';
    this.#pruneApplied(state);
    state.applied.set(key, { at: this.#clock.now(), digest: d });
    return 'new';
  }

  #pruneApplied(state: OciTenantState): void {
    const cutoff = this.#clock.now() - APPLIED_RETENTION_MS;
    // Insertion order is time order: stop at the first entry still inside the retention.
    for (const [key, applied] of state.applied) {
      if (applied.at >= cutoff) break;
      state.applied.delete(key);
    }
  }
}

/** The figures a change moved a record between; an absent record counts as all zeros. */
export function eventFigures(before: OciRecord | undefined, after: OciRecord | undefined, quantity: number): EventFigures {
  return {
    quantity,
    oldOnHand: before?.onHand ?? 0,
    newOnHand: after?.onHand ?? 0,
    oldReserved: before?.reserved ?? 0,
    newReserved: after?.reserved ?? 0,
    oldSafetyStock: before?.safetyStockCount ?? 0,
    newSafetyStock: after?.safetyStockCount ?? 0,
    oldFutures: before ? futuresTotal(before.futures) : 0,
    newFutures: after ? futuresTotal(after.futures) : 0,
    oldSoftReserved: softReserved(before),
    newSoftReserved: softReserved(after),
  };
}

/** What is held at the location for reservations placed at its groups. */
export function softReserved(record: OciRecord | undefined): number {
  let sum = 0;
  for (const held of Object.values(record?.groupHolds ?? {})) sum += held;
  return qty(sum);
}

function reusedRequestId(requestId: string) {
  return ociError(400, 'EntityAlreadyExists', `The request id ${requestId} was already used with another body.`, { parameterName: 'requestId' });
}

function fromBody(body: RecordBody): RecordValues {
  return { onHand: body.onHand, safetyStockCount: body.safetyStockCount, effectiveDate: body.effectiveDate, futures: body.futureStock };
}

function digest(content: unknown): string {
  return JSON.stringify(content);
}
