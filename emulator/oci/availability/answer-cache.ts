// get-availability answers, kept as the bytes sent, per tenant group and request body. An entry is good only for
// the tenant group's state version it was computed at (OciTenants.version), so any write, publish, reset or
// restore makes it stale at once. Repeated identical queries (storefront caches, B2C polling) are then answered
// without recomputing or re-serialising the same figures.
// Entries live in one Map keyed by the tenant group and the body's bytes (as a latin1 string: one character per
// byte, so equal keys are equal bytes): a lookup is one hash, however many entries there are. Comparing bodies one
// by one cost a scan of every cached body of the same length, and random queries all have about the same length.

interface Entry {
  version: number;
  bytes: Buffer;
}

export class AnswerCache {
  /** In insertion order, so the first key is the oldest entry. */
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;

  constructor(capacity = 2000) {
    this.#capacity = capacity;
  }

  get(tenantGroupId: string, version: number, request: Buffer): Buffer | undefined {
    const entry = this.#entries.get(key(tenantGroupId, request));
    return entry && entry.version === version ? entry.bytes : undefined;
  }

  set(tenantGroupId: string, version: number, request: Buffer, bytes: Buffer): void {
    const k = key(tenantGroupId, request);
    const found = this.#entries.get(k);
    if (found) {
      found.version = version;
      found.bytes = bytes;
      return;
    }
    if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(k, { version, bytes });
  }
}

/** The tenant's length first, so no tenant id and body can run together into another pair's key. */
function key(tenantGroupId: string, request: Buffer): string {
  return `${tenantGroupId.length}:${tenantGroupId}${request.toString('latin1')}`;
}
