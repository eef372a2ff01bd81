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

export class OcapiInventoryClient {
  constructor(private readonly c: OcapiConnection) {}

  putInventoryList(id: string, body: { description?: string; default_in_stock?: boolean }): Promise<Record<string, unknown>> {
    return this.#send('PUT', `inventory_lists/${encodeURIComponent(id)}`, body);
  }

  putStore(siteId: string, id: string, body: { name: string; city?: string; country_code?: string; inventory_id: string }): Promise<Record<string, unknown>> {
    return this.#send('PUT', `sites/${encodeURIComponent(siteId)}/stores/${encodeURIComponent(id)}`, body);
  }

  getRecord(listId: string, productId: string): Promise<Record<string, unknown>> {
    return this.#send('GET', `inventory_lists/${encodeURIComponent(listId)}/product_inventory_records/${encodeURIComponent(productId)}`);
  }

  listRecords(listId: string, start = 0, count = 25): Promise<Record<string, unknown>> {
    return this.#send('GET', `inventory_lists/${encodeURIComponent(listId)}/product_inventory_records?start=${start}&count=${count}`);
  }

  async #send(method: string, path: string, payload?: unknown): Promise<Record<string, unknown>> {
    const url = new URL(`/s/-/dw/data/${this.c.version ?? 'v25_6'}/${path}`, this.c.baseUrl);
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${this.c.accessToken}`, Accept: 'application/json', ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) {
      const fault = (json.fault ?? {}) as Record<string, unknown>;
      throw new OcapiFault(res.status, typeof fault.type === 'string' ? fault.type : 'UnknownFault', fault);
    }
    return json;
  }
}
