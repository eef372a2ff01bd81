import { send, type Refusal } from '../http.js';
import { ServiceError } from '../service-error.js';

// The OCAPI Data calls an inventory integration makes to prepare B2C for OCI: inventory lists whose ids equal
// the OCI External References, stores selling from them, and reads of the native records. Plain fetch.

export interface OcapiConnection {
  /** The instance host, e.g. `https://zzzz-001.dx.commercecloud.salesforce.com`. */
  baseUrl: string;
  accessToken: string;
  version?: string;
}

/** OCAPI's fault, its `type` also as `code`. */
export class OcapiFault extends ServiceError {
  static override readonly service = 'OCAPI';
  readonly type = this.code;
}

/** OCAPI refuses with `{_v, fault: {type, message, arguments}}`: the fault is the detail. */
const faultRefusal: Refusal = (status, body) => {
  const fault = (typeof body.fault === 'object' && body.fault !== null ? body.fault : {}) as Record<string, unknown>;
  return new OcapiFault(status, typeof fault.type === 'string' ? fault.type : 'UnknownFault', fault);
};

export class OcapiInventoryClient {
  constructor(private readonly c: OcapiConnection) {}

  putInventoryList(id: string, body: { description?: string; default_in_stock?: boolean }): Promise<Record<string, unknown>> {
    return this.#send('PUT', `inventory_lists/${encodeURIComponent(id)}`, {}, body);
  }

  putStore(siteId: string, id: string, body: { name: string; city?: string; country_code?: string; inventory_id: string }): Promise<Record<string, unknown>> {
    return this.#send('PUT', `sites/${encodeURIComponent(siteId)}/stores/${encodeURIComponent(id)}`, {}, body);
  }

  getRecord(listId: string, productId: string): Promise<Record<string, unknown>> {
    return this.#send('GET', `inventory_lists/${encodeURIComponent(listId)}/product_inventory_records/${encodeURIComponent(productId)}`);
  }

  listRecords(listId: string, start = 0, count = 25): Promise<Record<string, unknown>> {
    return this.#send('GET', `inventory_lists/${encodeURIComponent(listId)}/product_inventory_records`, { start: String(start), count: String(count) });
  }

  async #send(method: string, path: string, query: Record<string, string> = {}, payload?: unknown): Promise<Record<string, unknown>> {
    const call = { method, path: `/s/-/dw/data/${this.c.version ?? 'v25_6'}/${path}`, query, bearer: this.c.accessToken, json: payload };
    return ((await send(this.c.baseUrl, call, faultRefusal)).json ?? {}) as Record<string, unknown>;
  }
}
