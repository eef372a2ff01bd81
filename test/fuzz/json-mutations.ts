import type { Rng } from '../../emulator/core/rng.js';
import { deepJson, hostileKey, hostileNumber, hostileString, hostileValue, malformedJson, Obj, PROTO_NAMES, render, tree, type Json } from './hostile.js';

// Bad JSON made from a good body: one node replaced (anywhere in it), every id or every number replaced at
// once, arrays grown past their limits, Object.prototype's names added as keys; or not JSON at all.

export function hostileJson(rng: Rng, base: Json): Buffer {
  const r = rng.next();
  if (r < 0.3) return Buffer.from(render(mutateDeep(rng, base)));
  if (r < 0.42) return Buffer.from(render(replaceAll(rng, base)));
  if (r < 0.52) return malformedJson(rng, render(base));
  if (r < 0.6) return Buffer.from(deepJson(rng));
  if (r < 0.7) return Buffer.from(render(hostileValue(rng)));
  if (r < 0.74) return Buffer.from(render(grow(rng, base)));
  if (r < 0.78) return Buffer.from(`{"a":"${'x'.repeat(1_100_000)}"}`);
  if (r < 0.86) return Buffer.from(render(new Obj([...(base instanceof Obj ? base.entries : []), ...PROTO_NAMES.map((k) => [k, hostileValue(rng)] as [string, Json])])));
  return Buffer.from(render(mutateDeep(rng, mutateDeep(rng, base))));
}

/** One node anywhere in the value replaced by a hostile one (or its key, or its array emptied/overfilled). */
function mutateDeep(rng: Rng, value: Json): Json {
  const nodes: { get: () => Json; set: (v: Json) => void; key?: (k: string) => void }[] = [];
  const visit = (v: Json, set: (x: Json) => void, rename?: (k: string) => void) => {
    nodes.push({ get: () => v, set, key: rename });
    if (v instanceof Obj) v.entries.forEach((e, i) => visit(e[1], (x) => (v.entries[i] = [e[0], x]), (k) => (v.entries[i] = [k, e[1]])));
    else if (Array.isArray(v)) v.forEach((x, i) => visit(x, (y) => (v[i] = y)));
  };
  let root = clone(value);
  visit(root, (x) => (root = x));
  const node = rng.pick(nodes);
  const r = rng.next();
  const current = node.get();
  if (node.key && r < 0.15) node.key(hostileKey(rng));
  else if (Array.isArray(current) && current.length > 0 && r < 0.35) {
    // Long arrays of small items only, so a second mutation cannot square the size (bodies stay a few MB).
    const length = sizeOf(current[0]!, 50) < 50 ? rng.pick([101, 1_001, 20_000]) : 101;
    node.set(rng.next() < 0.5 ? [] : Array.from({ length }, () => clone(current[0]!)));
  } else if (typeof current === 'number' || (typeof current === 'string' && r < 0.5)) node.set(rng.next() < 0.5 ? hostileNumber(rng) : hostileString(rng));
  else node.set(hostileValue(rng));
  return root;
}

/** Every string (or every number) of the value replaced by one hostile value: all ids `__proto__` at once. */
function replaceAll(rng: Rng, value: Json): Json {
  const strings = rng.next() < 0.6;
  const by: Json = strings ? (rng.next() < 0.6 ? rng.pick(PROTO_NAMES) : hostileString(rng)) : hostileNumber(rng);
  const walk = (v: Json): Json => {
    if (v instanceof Obj) return new Obj(v.entries.map(([k, x]) => [k, walk(x)]));
    if (Array.isArray(v)) return v.map(walk);
    if (strings ? typeof v === 'string' : typeof v === 'number') return by;
    return v;
  };
  return walk(value);
}

/** The value with its arrays repeated to thousands of entries. */
function grow(rng: Rng, value: Json): Json {
  const n = sizeOf(value, 500) < 500 ? rng.pick([101, 5_000]) : 101;
  const walk = (v: Json): Json => {
    if (v instanceof Obj) return new Obj(v.entries.map(([k, x]) => [k, walk(x)]));
    if (Array.isArray(v)) return v.length === 0 ? v : Array.from({ length: n }, (_, i) => clone(v[i % v.length]!));
    return v;
  };
  return walk(value);
}

/** How big the value is, in nodes (a long string counts as many), counting up to `cap`. */
function sizeOf(v: Json, cap: number): number {
  let n = 0;
  const walk = (x: Json): void => {
    n += typeof x === 'string' ? 1 + x.length / 64 : 1;
    if (n >= cap) return;
    if (x instanceof Obj) for (const [, y] of x.entries) walk(y);
    else if (Array.isArray(x)) for (const y of x) walk(y);
  };
  walk(v);
  return Math.min(n, cap);
}

function clone(v: Json): Json {
  if (v instanceof Obj) return new Obj(v.entries.map(([k, x]) => [k, clone(x)]));
  if (Array.isArray(v)) return v.map(clone);
  return v;
}

/** The object with one field replaced, removed, added or retyped. */
export function mutateObject(rng: Rng, value: Record<string, unknown>): Json {
  const t = tree(value) as Obj;
  const entries = [...t.entries];
  const i = rng.int(0, Math.max(0, entries.length - 1));
  const r = rng.next();
  if (entries.length > 0 && r < 0.45) entries[i] = [entries[i]![0], rng.next() < 0.5 ? hostileString(rng) : hostileNumber(rng)];
  else if (entries.length > 0 && r < 0.6) entries.splice(i, 1);
  else if (r < 0.8) entries.push([hostileKey(rng), hostileString(rng)]);
  else if (entries.length > 0) entries[i] = [entries[i]![0], rng.pick([null, [], new Obj([]), true, '', 0])];
  return new Obj(entries);
}
