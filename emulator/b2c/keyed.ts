// Dictionaries keyed by ids users choose. Without a prototype, `__proto__`, `constructor` or `toString` is an
// ordinary key: writing it stores a value instead of replacing the prototype, reading it finds nothing inherited.
// State written by earlier versions, snapshots and fixtures comes back as plain objects, so the B2C services pass
// each dictionary through `keyed` when they reach it (a cheap check once it is done).

/** A new, empty dictionary. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The same object, made prototype-free in place (own keys, `__proto__` included, are kept). */
export function keyed<T>(record: Record<string, T>): Record<string, T> {
  if (Object.getPrototypeOf(record) !== null) Object.setPrototypeOf(record, null);
  return record;
}

/** A dictionary holding the given entries. */
export function dictionaryOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = dictionary<T>();
  for (const [key, value] of entries) out[key] = value;
  return out;
}
