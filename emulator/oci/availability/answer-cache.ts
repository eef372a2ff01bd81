// get-availability answers, kept as the bytes sent, per tenant group and request body. An entry is good only for
// the tenant group's state version it was computed at (OciTenants.version), so any write, publish, reset or
// restore makes it stale at once. Repeated identical queries (storefront caches, B2C polling) are then answered
// without recomputing or re-serialising the same figures.

export class AnswerCache {
  readonly #entries = new Map<string, { version: number; bytes: Buffer }>();
  readonly #capacity: number;

  constructor(capacity = 2000) {
    this.#capacity = capacity;
  }

  get(tenantGroupId: string, version: number, request: Buffer): Buffer | undefined {
    const key = keyOf(tenantGroupId, request);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.bytes;
  }

  set(tenantGroupId: string, version: number, request: Buffer, bytes: Buffer): void {
    const key = keyOf(tenantGroupId, request);
    this.#entries.delete(key);
    if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { version, bytes });
  }
}

function keyOf(tenantGroupId: string, request: Buffer): string {
  return `${tenantGroupId}\u0000${request.toString('latin1')}`;
}
