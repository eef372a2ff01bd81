import { send } from '../http.js';
import { OciError, ociRefusal } from '../oci-dialect.js';

// The OCI Inventory Availability calls an inventory integration makes: read availability at locations or
// groups, push stock changes, and follow changes through a delta stream. Plain fetch (through the shared helper),
// like the Account Manager client beside it, so the contract records what a real caller sends.

export interface OciConnection {
  /** e.g. `https://kv7kzm78.api.commercecloud.salesforce.com`; only the origin is used. */
  baseUrl: string;
  /** An Account Manager token with the tenant scope and the sfcc.inventory.* scopes the call needs. */
  accessToken: string;
  tenantGroupId: string;
}

export interface Future {
  expectedDate: string;
  quantity: number;
}

export interface LocationRecord {
  sku: string;
  atf: number;
  ato: number;
  onHand: number;
  reserved: number;
  safetyStockCount: number;
  effectiveDate?: string;
  futures: Future[];
}

export interface GroupRecord extends LocationRecord {
  groupReserved: number;
  sharedGroupReserved: number;
}

export interface PlaceAvailability<R> {
  id: string;
  records: R[];
}

export interface UpdateRecord {
  /** Idempotency key: the same id and SKU with the same values is applied once. */
  id: string;
  location: string;
  sku: string;
  onHand?: number;
  safetyStockCount?: number;
  effectiveDate?: string;
  futureStock?: Future[];
  externalRefId?: string;
}

export interface BatchUpdateError {
  details: { externalRefId?: string; locationId: string; sku: string; id: string };
  message: string;
  errorCode: string;
}

export interface DeltaRecord extends LocationRecord {
  id: string;
  deltaType: 'Change' | 'Delete';
}

export interface DeltaPage {
  nextDeltaToken: string;
  shouldQueryAgain: boolean;
  records: DeltaRecord[];
}

export class OciAvailabilityClient {
  constructor(private readonly connection: OciConnection) {}

  async getAvailabilityByLocations(skus: string[], locations: string[]): Promise<PlaceAvailability<LocationRecord>[]> {
    const body = (await this.#post('availability-records/actions/get-availability', { skus, locations })) as { locations?: PlaceAvailability<LocationRecord>[] };
    return body.locations ?? [];
  }

  async getAvailabilityByGroups(skus: string[], groups: string[]): Promise<PlaceAvailability<GroupRecord>[]> {
    const body = (await this.#post('availability-records/actions/get-availability', { skus, groups })) as { groups?: PlaceAvailability<GroupRecord>[] };
    return body.groups ?? [];
  }

  /** Applies up to 100 records. Resolves to the records OCI reported (200); none when it answered 204. */
  async batchUpdate(records: UpdateRecord[]): Promise<BatchUpdateError[]> {
    const body = (await this.#post('availability-records/actions/batch-update', { records })) as { errors?: BatchUpdateError[] } | undefined;
    return body?.errors ?? [];
  }

  /** A token at the current end of the change feed for these places: the stream sees changes from now on. */
  async mintDeltaToken(placeType: 'location' | 'group', places: string[]): Promise<string> {
    const body = (await this.#post('availability-records/delta-token', { placeType, places })) as { deltaToken?: unknown };
    if (typeof body.deltaToken !== 'string') throw new OciError(200, 'InvalidResponse', { message: 'no deltaToken in the answer' });
    return body.deltaToken;
  }

  /** One page of changes; call again with `nextDeltaToken` while `shouldQueryAgain`, and keep it for next time. */
  async getDeltas(deltaToken: string): Promise<DeltaPage> {
    return (await this.#post('availability-records/actions/get-deltas', { deltaToken })) as DeltaPage;
  }

  async #post(path: string, payload: unknown): Promise<unknown> {
    const c = this.connection;
    const call = { method: 'POST', path: `/inventory/availability/v1/organizations/${encodeURIComponent(c.tenantGroupId)}/${path}`, bearer: c.accessToken, json: payload };
    return (await send(c.baseUrl, call, ociRefusal)).json;
  }
}
