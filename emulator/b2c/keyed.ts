// Dictionaries keyed by ids users choose. Without a prototype, `__proto__`, `constructor` or `toString` is an
// ordinary key: writing it stores a value instead of replacing the prototype, reading it finds nothing inherited.
// State written by earlier versions, snapshots and fixtures comes back as plain objects, so the B2C services pass
// each dictionary through `keyed` when they reach it (a cheap check once it is done): `keyedState`.

import type { Store } from '../core/store/store.js';

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

/** A namespace's state, created empty on first use, with the named dictionaries (those it has) prototype-free. */
export function keyedState<S extends object>(store: Store, namespace: string, empty: () => S, dictionaries: readonly (keyof S)[]): S {
  const state = store.ensure(namespace, empty);
  for (const name of dictionaries) {
    const dictionary = state[name];
    if (dictionary) keyed(dictionary as Record<string, unknown>);
  }
  return state;
}
