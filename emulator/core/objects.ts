// Small object helpers the domain services share.

/** The value stored under `key` itself, never one inherited from Object.prototype (`constructor`, `__proto__`…). */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The object without its undefined fields: what a partial update (PATCH, UPDATE mode) should write. */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
