import type { SnapshotDocument, SnapshotInfo, StoreBackend } from './backend.js';

/** State that lives only as long as the process: tests and throw-away runs. */
export class MemoryBackend implements StoreBackend {
  readonly kind = 'memory' as const;
  readonly persistent = false;
  readonly location = undefined;
  #snapshots = new Map<string, string>();

  acquire(): void {}
  release(): void {}

  async load(): Promise<Map<string, unknown>> {
    return new Map();
  }

  async write(): Promise<void> {}

  async saveSnapshot(doc: SnapshotDocument): Promise<void> {
    this.#snapshots.set(doc.name, JSON.stringify(doc));
  }

  async loadSnapshot(name: string): Promise<SnapshotDocument | undefined> {
    const text = this.#snapshots.get(name);
    return text === undefined ? undefined : (JSON.parse(text) as SnapshotDocument);
  }

  async listSnapshots(): Promise<SnapshotInfo[]> {
    return [...this.#snapshots.values()].map((text) => info(JSON.parse(text) as SnapshotDocument));
  }

  async deleteSnapshot(name: string): Promise<boolean> {
    return this.#snapshots.delete(name);
  }

  sidecarPath(): undefined {
    return undefined;
  }
}

export function info(doc: SnapshotDocument): SnapshotInfo {
  return { name: doc.name, createdAt: doc.createdAt, clockAt: doc.clockAt, namespaces: Object.keys(doc.namespaces).length };
}
