// get-availability answers, kept as the bytes sent, per tenant group and request body. An entry is good only for
// the tenant group's state version it was computed at (OciTenants.version), so any write, publish, reset or
// restore makes it stale at once. Repeated identical queries (storefront caches, B2C polling) are then answered
// without recomputing or re-serialising the same figures. Lookups compare bytes, building no key string.

interface Entry {
  tenantGroupId: string;
  request: Buffer;
  version: number;
  bytes: Buffer;
}

export class AnswerCache {
  /** Entries by request length, so a lookup compares only bodies of the same size. */
  readonly #byLength = new Map<number, Entry[]>();
  readonly #order: Entry[] = [];
  readonly #capacity: number;

  constructor(capacity = 2000) {
    this.#capacity = capacity;
  }

  get(tenantGroupId: string, version: number, request: Buffer): Buffer | undefined {
    const entry = this.#find(tenantGroupId, request);
    return entry && entry.version === version ? entry.bytes : undefined;
  }

  set(tenantGroupId: string, version: number, request: Buffer, bytes: Buffer): void {
    const found = this.#find(tenantGroupId, request);
    if (found) {
      found.version = version;
      found.bytes = bytes;
      return;
    }
    if (this.#order.length >= this.#capacity) this.#evict(this.#order.shift()!);
    const entry: Entry = { tenantGroupId, request: Buffer.from(request), version, bytes };
    this.#order.push(entry);
    const list = this.#byLength.get(request.length);
    if (list) list.push(entry);
    else this.#byLength.set(request.length, [entry]);
  }

  #find(tenantGroupId: string, request: Buffer): Entry | undefined {
    const list = this.#byLength.get(request.length);
    if (!list) return undefined;
    for (const entry of list) if (entry.tenantGroupId === tenantGroupId && entry.request.equals(request)) return entry;
    return undefined;
  }

  #evict(entry: Entry): void {
    const list = this.#byLength.get(entry.request.length)!;
    list.splice(list.indexOf(entry), 1);
    if (list.length === 0) this.#byLength.delete(entry.request.length);
  }
}
