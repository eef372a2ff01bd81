// A journaled value persists itself instead of being serialised whole: the store appends what changed since the
// last write to the namespace's log, and now and then writes a fresh image of everything, so a write to a world of
// a million records costs what it changed, not the million. Values that are small stay plain JSON (store.ts).
//
// The rule that makes the image cheap: every frame a value drains is absolute (it says what a thing now is, never
// what to add to it). The store calls `image()` at one moment and writes it in slices over many turns of the
// event loop, while requests keep changing the value; what the image reads late may be newer than that moment,
// and that is fine, because every change after the moment is also in the log that is replayed over the image.
// An image must still be whole on its own (no frame may refer to something a later image frame defines).

export interface Journaled {
  /** The name of the `JournalType` that loads it. */
  readonly journalType: string;
  /**
   * What changed since the last call, as frames (core/store/frames.ts), or 'image' when so much changed that a
   * new image is cheaper than the changes. Synchronous; its cost follows the size of the changes.
   */
  drain(): Buffer[] | 'image';
  /** Forgets the changes `drain` would answer (a store that writes nothing calls it). */
  forget(): void;
  /** Everything, as frames that rebuild the value from nothing, produced lazily in frames of bounded size. */
  image(): Iterator<Buffer>;
}

export interface JournalType {
  name: string;
  /** Rebuilds a value from its image's frames and then its logs' frames, in order. */
  load(frames: Iterable<Buffer>): Journaled;
}

export function isJournaled(value: unknown): value is Journaled {
  return typeof value === 'object' && value !== null && typeof (value as Journaled).drain === 'function' && typeof (value as Journaled).journalType === 'string';
}

/** The loaders a store knows, by name. */
export type JournalTypes = ReadonlyMap<string, JournalType>;

export function journalTypes(...types: JournalType[]): JournalTypes {
  return new Map(types.map((t) => [t.name, t]));
}
