import { dictionaryFrame, frame, readFrame, type FrameHeader } from './frames.js';

// A Map of JSON values keyed by ids from users, journaled by key: the keys set or deleted since the last drain go
// to the log as one frame, with their values serialised at that moment (a value changed in place is announced
// with `changed`). Keys live in a Map, so an id named `__proto__` is just an id. Insertion order is kept across
// restarts (the image lists keys in order and the log replays in order), which time-ordered pruning relies on.
// Used alone as a namespace (via a JournalType) or as one part of a larger journaled value (`op` tells the parts'
// frames apart).

const IMAGE_CHUNK = 2_000;
/** Past this many changed keys, a new image costs less than logging each. */
const IMAGE_FRACTION = 0.5;

export class JournaledMap<V> {
  readonly op: string;
  readonly #map: Map<string, V> = new Map();
  #changed = new Set<string>();
  readonly #frame: typeof frame;

  /**
   * `dictionaries`: the values hold dictionaries keyed by user ids (they are read back null-prototype).
   * `holding`: starts with these entries (taken, not copied) and nothing to log: its owner writes an image next.
   */
  constructor(op: string, options: { dictionaries?: boolean; holding?: Map<string, V> } = {}) {
    this.op = op;
    this.#frame = options.dictionaries ? dictionaryFrame : frame;
    if (options.holding) this.#map = options.holding;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  set(key: string, value: V): this {
    this.#map.set(key, value);
    this.#changed.add(key);
    return this;
  }

  delete(key: string): boolean {
    const had = this.#map.delete(key);
    if (had) this.#changed.add(key);
    return had;
  }

  /** Removes every key without logging each one: its owner writes an image next. */
  clearAll(): void {
    this.#map.clear();
    this.#changed = new Set();
  }

  /** The value under `key` was changed in place: log it again. */
  changed(key: string): void {
    if (this.#map.has(key)) this.#changed.add(key);
  }

  keys(): IterableIterator<string> {
    return this.#map.keys();
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  entries(): IterableIterator<[string, V]> {
    return this.#map.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.#map.entries();
  }

  /** Whether some key changed since the last drain. */
  get pending(): boolean {
    return this.#changed.size > 0;
  }

  /** Whether so much changed that the owner should write an image instead of a log frame. */
  get mostlyChanged(): boolean {
    return this.#changed.size > 1_000 && this.#changed.size > this.#map.size * IMAGE_FRACTION;
  }

  /** Appends this map's frame (if anything changed) to `frames`. */
  drainInto(frames: Buffer[]): void {
    if (this.#changed.size === 0) return;
    const set: [string, V][] = [];
    const del: string[] = [];
    for (const key of this.#changed) {
      const value = this.#map.get(key);
      if (value === undefined) del.push(key);
      else set.push([key, value]);
    }
    this.#changed = new Set();
    frames.push(this.#frame({ op: this.op, set, del }));
  }

  forget(): void {
    if (this.#changed.size > 0) this.#changed = new Set();
  }

  /** The whole map as frames of at most IMAGE_CHUNK entries (keys listed now, values read as each frame is made). */
  *imageFrames(): Generator<Buffer> {
    const keys = [...this.#map.keys()];
    for (let i = 0; i < keys.length; i += IMAGE_CHUNK) {
      const set: [string, V][] = [];
      for (let j = i; j < Math.min(keys.length, i + IMAGE_CHUNK); j++) {
        const value = this.#map.get(keys[j]!);
        if (value !== undefined) set.push([keys[j]!, value]);
      }
      yield this.#frame({ op: this.op, set, del: [] });
    }
  }

  /** Replays a frame of this map (`header.op === this.op`). */
  apply(header: FrameHeader): void {
    const { set, del } = header as unknown as { set: [string, V][]; del: string[] };
    for (const key of del) this.#map.delete(key);
    for (const [key, value] of set) {
      // A key set again keeps its first place, as Map.set does at run time.
      this.#map.set(key, value);
    }
  }

  /** Replays a sealed frame's bytes when they belong to this map; false when they belong to another part. */
  applyBytes(bytes: Buffer): boolean {
    const { header } = readFrame(bytes);
    if (header.op !== this.op) return false;
    this.apply(header);
    return true;
  }
}

/** Replays a value's frames into the maps it is made of, each frame into the map its `op` names. */
export function replayInto(frames: Iterable<Buffer>, maps: readonly JournaledMap<unknown>[], what: string): void {
  for (const bytes of frames) {
    const { header } = readFrame(bytes);
    const map = maps.find((m) => m.op === header.op);
    if (!map) throw new Error(`unknown ${what} frame '${header.op}'`);
    map.apply(header);
  }
}
