// Record ids as 64-bit hashes (two 32-bit halves), and the sorted-array tools that find repeats among a million
// of them with sequential memory access only: a radix sort of the hashes, then a walk. A hash table of the same
// ids costs a cache miss per id; this costs a few linear passes. Two ids share a hash with probability about
// n²/2⁶⁵ (one in thirty million for a million ids); the worst that does is skip one record as a repeat.

const HASH = new Uint32Array(2);

/**
 * Two independent 32-bit hashes of the id (FNV-1a and a multiply-add mix; the second never zero), written to a
 * shared pair that stays valid until the next call: no allocation per id.
 */
export function hashId(id: string): Uint32Array {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul((b + c) | 0, 0x5bd1e995);
  }
  HASH[0] = a >>> 0;
  HASH[1] = ((b ^ (b >>> 15)) >>> 0) | 1;
  return HASH;
}

/**
 * The order of the first `n` pairs of `pairs` (a0, b0, a1, b1, …) sorted by (a, b); equal pairs keep their
 * original order, so the first occurrence of a repeated id comes first.
 */
export function sortedOrder(pairs: Uint32Array, n: number): Uint32Array {
  const steps = sortSteps(pairs, n);
  for (let next = steps.next(); ; next = steps.next()) if (next.done) return next.value;
}

/** The same sort with the event loop given back between its passes (each a few tens of ms for a million ids). */
export async function sortedOrderSliced(pairs: Uint32Array, n: number, pause: () => Promise<void>): Promise<Uint32Array> {
  const steps = sortSteps(pairs, n);
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done) return next.value;
    await pause();
  }
}

/** The radix sort, one pass per step. */
function* sortSteps(pairs: Uint32Array, n: number): Generator<void, Uint32Array> {
  // LSD radix sort on `a`, 8 bits a pass, moving keys and indexes together so every pass reads sequentially;
  // stable, so ties stay in file order.
  let keys = new Uint32Array(n);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = pairs[i * 2]!;
    order[i] = i;
  }
  let spareKeys = new Uint32Array(n);
  let spareOrder = new Uint32Array(n);
  const counts = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 255]!++;
    let sum = 0;
    for (let k = 0; k < 256; k++) {
      const c = counts[k]!;
      counts[k] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const to = counts[(key >>> shift) & 255]!++;
      spareKeys[to] = key;
      spareOrder[to] = order[i]!;
    }
    [keys, spareKeys] = [spareKeys, keys];
    [order, spareOrder] = [spareOrder, order];
    yield;
  }
  // Runs of equal `a` are rare and short: order them by `b` (stable insertion sort).
  for (let i = 1; i < n; i++) {
    if (keys[i] !== keys[i - 1]) continue;
    const a = keys[i]!;
    const cur = order[i]!;
    const b = pairs[cur * 2 + 1]!;
    let j = i;
    while (j > 0 && keys[j - 1] === a && pairs[order[j - 1]! * 2 + 1]! > b) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = cur;
  }
  return order;
}

/** Compares pair (a1, b1) with (a2, b2): negative, zero or positive. */
export function comparePairs(a1: number, b1: number, a2: number, b2: number): number {
  return a1 !== a2 ? (a1 < a2 ? -1 : 1) : b1 !== b2 ? (b1 < b2 ? -1 : 1) : 0;
}

/** Whether the sorted pairs (a, b flattened) hold the pair: a binary search. */
export function sortedHas(sorted: Uint32Array, a: number, b: number): boolean {
  let lo = 0;
  let hi = sorted.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePairs(sorted[mid * 2]!, sorted[mid * 2 + 1]!, a, b);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
