import type { JournalTypes } from './journaled.js';

// Where the state lives between runs. The store above it keeps everything in memory and decides what to write
// and when; a backend only knows files (or nothing, in memory).

export interface SnapshotInfo {
  name: string;
  createdAt: string;
  clockAt: string;
  namespaces: number;
}

/**
 * What one batch writes: plain namespaces whole (undefined: deleted), journaled ones as frames for their log, and
 * finished images that carry changes (they become their namespaces' base in the batch's commit, not before: a
 * batch is on disk whole or not at all).
 */
export interface WriteBatch {
  json: Map<string, string | undefined>;
  appends: Map<string, { type: string; frames: Buffer[] }>;
  images?: readonly ImageWriter[];
}

/** A new image of a journaled namespace being written: from `beginImage` on, its changes go to a new log. */
export interface ImageWriter {
  write(frames: readonly Buffer[]): Promise<void>;
  /** Makes the image whole on disk; it counts once a batch that holds it is committed. */
  finish(): Promise<void>;
  /** Finishes it and makes it the namespace's base on its own (an image that carries no change: compaction). */
  commit(): Promise<void>;
  /** Gives the image up; the namespace stays readable from its previous image and all its logs. */
  abort(): Promise<void>;
}

export interface StoreBackend {
  readonly kind: 'memory' | 'file';
  /** False when writes go nowhere: the store then skips serialising altogether. */
  readonly persistent: boolean;
  /** The data file, for banners and the health endpoint. */
  readonly location: string | undefined;
  /** Takes exclusive ownership of the location; throws StoreLockedError when another process holds it. */
  acquire(): void;
  release(): void;
  /** Everything stored: plain namespaces parsed, journaled ones rebuilt by their types. */
  load(types: JournalTypes): Promise<Map<string, unknown>>;
  /** One namespace as it is on disk (undefined: not there), to undo changes a failed durable write could not keep. */
  loadOne(ns: string, types: JournalTypes): Promise<unknown>;
  /** Writes a batch: plain namespaces atomically per file, journal frames appended, the manifest when it changed. */
  write(batch: WriteBatch): Promise<void>;
  /**
   * Starts writing a new image of a journaled namespace; its later frames go to a new log. `chained`: every change
   * so far is in the logs, so the new log counts at once (after the old image and logs); otherwise only with the
   * image, once it is committed.
   */
  beginImage(ns: string, type: string, options?: { chained?: boolean }): ImageWriter;
  /** How many bytes the namespace's logs hold beyond its image, and the image's size (0 and 0 when it has none). */
  journalSize(ns: string): { image: number; logs: number } | undefined;
  saveSnapshot(name: string, frames: readonly Buffer[]): Promise<void>;
  loadSnapshot(name: string): Promise<Buffer[] | undefined>;
  listSnapshots(): Promise<SnapshotInfo[]>;
  deleteSnapshot(name: string): Promise<boolean>;
  /** A file beside the data file for things that outlive resets (signing keys); undefined in memory. */
  sidecarPath(name: string): string | undefined;
}

export class StoreLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLockedError';
  }
}

/** A write the backend could not complete (the disk refused it). */
export class StoreWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreWriteError';
  }
}

export const NAMESPACE_PATTERN = /^[A-Za-z0-9_.-]{1,200}$/;
export const SNAPSHOT_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export class StoreNameError extends Error {}

export function checkName(ns: string): void {
  if (!NAMESPACE_PATTERN.test(ns)) throw new StoreNameError(`Invalid namespace name ${JSON.stringify(ns)}`);
}

export function checkSnapshotName(name: string): void {
  if (!SNAPSHOT_NAME_PATTERN.test(name)) {
    throw new StoreNameError(`A snapshot name is 1–64 characters of letters, digits, '.', '_' or '-'; got ${JSON.stringify(name)}`);
  }
}
