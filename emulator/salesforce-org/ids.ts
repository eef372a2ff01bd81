import type { GraphSObjectType } from './model.js';

// Salesforce record ids: a 3-character key prefix naming the object, 12 more characters (15, case-sensitive),
// and a 3-character suffix that encodes the case of the first 15 so the 18-character form survives
// case-insensitive systems. Clients may send either form; the emulator answers with 18.

/** Key prefixes of the graph objects, as the fixtures use them (not confirmed against a public source). */
export const KEY_PREFIX: Record<GraphSObjectType, string> = {
  Location: '131',
  LocationGroup: '0gh',
  LocationGroupAssignment: '0gx',
};

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export function caseSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** The 18-character form of a 15- or 18-character id, or undefined when it is not an id at all. */
export function to18(id: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$/.test(id)) return undefined;
  const id15 = id.slice(0, 15);
  const full = id15 + caseSuffix(id15);
  if (id.length === 18 && id.slice(15).toUpperCase() !== full.slice(15)) return undefined;
  return full;
}

export function to15(id: string): string {
  return id.slice(0, 15);
}

/** A new id: prefix, a counter in 12 digits, suffix. Counters live in the org's state, so restarts never reuse one. */
export function newId(prefix: string, n: number): string {
  const id15 = `${prefix}${String(n).padStart(12, '0')}`;
  return id15 + caseSuffix(id15);
}

export function typeOfId(id18: string): GraphSObjectType | undefined {
  const prefix = id18.slice(0, 3);
  return (Object.keys(KEY_PREFIX) as GraphSObjectType[]).find((t) => KEY_PREFIX[t] === prefix);
}
