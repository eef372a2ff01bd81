// Where the state lives between runs. The store above it keeps everything in memory and decides when to write.

export interface SnapshotDocument {
  name: string;
  createdAt: string;
  clockAt: string;
  namespaces: Record<string, unknown>;
}

export interface SnapshotInfo {
  name: string;
  createdAt: string;
  clockAt: string;
  namespaces: number;
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
  load(): Promise<Map<string, unknown>>;
  /** Writes the given namespaces (undefined = deleted) atomically per file, then the manifest of all names. */
  write(changes: Map<string, string | undefined>, allNamespaces: string[]): Promise<void>;
  saveSnapshot(doc: SnapshotDocument): Promise<void>;
  loadSnapshot(name: string): Promise<SnapshotDocument | undefined>;
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

export const NAMESPACE_PATTERN = /^[A-Za-z0-9_.-]{1,200}$/;
export const SNAPSHOT_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
