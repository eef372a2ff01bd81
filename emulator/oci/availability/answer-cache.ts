// get-availability answers, kept as the bytes sent, per tenant group and request body. An entry is good only for
// the tenant group's state version it was computed at (OciTenants.version), so any write, publish, reset or
// restore makes it stale at once. Repeated identical queries (storefront caches, B2C polling) are then answered
// without recomputing or re-serialising the same figures.
// Entries live in one Map keyed by the tenant group and the body's bytes (as a latin1 string: one character per
// byte, so equal keys are equal bytes): a lookup is one hash, however many entries there are. Comparing bodies one
// by one cost a scan of every cached body of the same length, and random queries all have about the same length.
// A body is admitted the second time it is asked within the last `capacity` new bodies: a storefront's repeated
// query is cached from its second request on, while a stream of one-off queries keeps no answers (2 000 answers of
// 15 KB each, promoted to the old generation only to be evicted, cost the collector more than they saved).

interface Entry {
  version: number;
  bytes: Buffer;
}

export class AnswerCache {
  /** In insertion order, so the first key is the oldest entry. */
  readonly #entries = new Map<string, Entry>();
  /** Keys asked once and not cached yet, oldest first. */
  readonly #seen = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 2000) {
    this.#capacity = capacity;
  }

  /** The key of a tenant group's request body: computed once per request, for get and then set. */
  key(tenantGroupId: string, request: Buffer): string {
    // The tenant's length first, so no tenant id and body can run together into another pair's key.
    return `${tenantGroupId.length}:${tenantGroupId}${request.toString('latin1')}`;
  }

  get(k: string, version: number): Buffer | undefined {
    const entry = this.#entries.get(k);
    return entry && entry.version === version ? entry.bytes : undefined;
  }

  /** Keeps the answer if the body was asked before (see above); a cached body's answer is replaced. */
  set(k: string, version: number, bytes: Buffer): void {
    const found = this.#entries.get(k);
    if (found) {
      found.version = version;
      found.bytes = bytes;
      return;
    }
    if (!this.#seen.delete(k)) {
      if (this.#seen.size >= this.#capacity) this.#seen.delete(this.#seen.values().next().value!);
      this.#seen.add(k);
      return;
    }
    if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(k, { version, bytes });
  }
}
