import type { VirtualClock } from '../../core/clock.js';
import type { ChangeFeed } from '../change-feed/feed.js';
import { ociError, ociErrors } from '../errors.js';
import { NO_FUTURES, type OciFuture, type OciRecord, type OciTenantState } from '../model.js';
import type { OciTenants } from '../tenants.js';
import { ensureRecordsAt, recordsAt } from '../records/records-at.js';
import { qty } from './arithmetic.js';
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

export class AvailabilityUpdates {
  readonly #tenants: OciTenants;
  readonly #feed: ChangeFeed;
  readonly #clock: VirtualClock;
  /** Set by impex: the export running for a tenant group, if any (a DELETE then answers 409). */
  exportInProgress: (tenantGroupId: string) => string | undefined = () => undefined;

  constructor(tenants: OciTenants, feed: ChangeFeed, clock: VirtualClock) {
    this.#tenants = tenants;
    this.#feed = feed;
    this.#clock = clock;
  }

  /** Writes one record: `replace` clears what is not given (PUT, imports); otherwise only given fields change. */
  write(tenantGroupId: string, locationId: string, sku: string, values: RecordValues, replace: boolean): OciRecord {
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
    this.#tenants.touch(tenantGroupId);
    this.#feed.append(tenantGroupId, 'location', locationId, sku);
    return next;
  }

  batchUpdate(tenantGroupId: string, body: BatchUpdateBody): BatchError[] {
    const state = this.#tenants.state(tenantGroupId);
    for (const r of body.records) if (!state.locations[r.location]) throw ociErrors.locationDoesNotExist(r.location);
    const errors: BatchError[] = [];
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
      this.write(tenantGroupId, r.location, r.sku, values, false);
    }
    return errors;
  }

  /** PUT: update or create, clearing every field the body leaves out. */
  replace(tenantGroupId: string, locationId: string, sku: string, requestId: string, body: RecordBody): void {
    const state = this.#requireLocation(tenantGroupId, locationId);
    const values = fromBody(body);
    const outcome = this.#once(state, `put:${requestId}:${sku}`, { locationId, ...values });
    if (outcome === 'conflict') {
      throw ociError(400, 'EntityAlreadyExists', `The request id ${requestId} was already used with another body.`, { parameterName: 'requestId' });
    }
    if (outcome === 'new') this.write(tenantGroupId, locationId, sku, values, true);
  }

  /** PATCH: only the given fields change; the record must exist. */
  update(tenantGroupId: string, locationId: string, sku: string, requestId: string, body: RecordBody): void {
    const state = this.#requireLocation(tenantGroupId, locationId);
    const values = fromBody(body);
    const outcome = this.#once(state, `patch:${requestId}:${sku}`, { locationId, ...values });
    if (outcome === 'conflict') {
      throw ociError(400, 'EntityAlreadyExists', `The request id ${requestId} was already used with another body.`, { parameterName: 'requestId' });
    }
    if (outcome === 'repeat') return;
    if (!this.#tenants.record(tenantGroupId, locationId, sku)) {
      delete state.applied[`patch:${requestId}:${sku}`];
      throw ociErrors.entityNotFound(404);
    }
    this.write(tenantGroupId, locationId, sku, values, false);
  }

  /** DELETE: the record goes, and with it the SKU's share of every group it counted in. */
  remove(tenantGroupId: string, locationId: string, sku: string, requestId: string): void {
    const running = this.exportInProgress(tenantGroupId);
    if (running) throw ociError(409, 'ExportInProcess', `Export ${running} is in progress.`);
    const state = this.#tenants.state(tenantGroupId);
    const key = `delete:${requestId}:${sku}`;
    if (state.applied[key]?.digest === digest({ locationId })) return;
    if (!recordsAt(state, locationId)?.delete(sku)) throw ociErrors.entityNotFound(404, 'The Location SKU provided was not found in the system.');
    this.#once(state, key, { locationId });
    this.#tenants.touch(tenantGroupId);
    this.#feed.append(tenantGroupId, 'location', locationId, sku);
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

  #requireLocation(tenantGroupId: string, locationId: string): OciTenantState {
    const state = this.#tenants.state(tenantGroupId);
    if (!state.locations[locationId]) throw ociErrors.locationDoesNotExist(locationId);
    return state;
  }

  /** Records a request id: `new` the first time, `repeat` for the same content, `conflict` for other content. */
  #once(state: OciTenantState, key: string, content: unknown): 'new' | 'repeat' | 'conflict' {
    const d = digest(content);
    const seen = state.applied[key];
    if (seen) return seen.digest === d ? 'repeat' : 'conflict';
    this.#pruneApplied(state);
    state.applied[key] = { at: this.#clock.iso(), digest: d };
    return 'new';
  }

  #pruneApplied(state: OciTenantState): void {
    const cutoff = this.#clock.now() - APPLIED_RETENTION_MS;
    // Insertion order is time order: stop at the first entry still inside the retention.
    for (const key in state.applied) {
      if (Date.parse(state.applied[key]!.at) >= cutoff) break;
      delete state.applied[key];
    }
  }
}

function fromBody(body: RecordBody): RecordValues {
  return { onHand: body.onHand, safetyStockCount: body.safetyStockCount, effectiveDate: body.effectiveDate, futures: body.futureStock };
}

function digest(content: unknown): string {
  return JSON.stringify(content);
}
