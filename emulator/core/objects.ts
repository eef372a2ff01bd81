// Small object helpers the domain services share.

/** The value stored under `key` itself, never one inherited from Object.prototype (`constructor`, `__proto__`…). */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The object without its undefined fields: what a partial update (PATCH, UPDATE mode) should write. */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * An empty dictionary for keys that come from users: no prototype, so `__proto__`, `constructor` or `toString` are
 * ordinary keys (assigning `__proto__` stores a value instead of replacing the prototype).
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * JSON.parse's reviver for state read back from disk: every object comes back without a prototype, so the
 * dictionaries inside it stay safe for any key, exactly as the code that made them left them.
 */
export function nullPrototypes(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.setPrototypeOf(value, null);
  return value;
}

/** JSON.parse with every object null-prototype (see nullPrototypes). */
export function parseState<T = unknown>(text: string): T {
  return JSON.parse(text, nullPrototypes) as T;
}

/** A null-prototype dictionary from entries (see dict). */
export function dictFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = dict<T>();
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** Orders strings by UTF-16 code units (what `sort()` does alone, but usable as a comparator): ids are not words. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
