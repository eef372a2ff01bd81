import type { ImageWriter, SnapshotInfo, StoreBackend } from './backend.js';
import { readFrame } from './frames.js';
import type { SnapshotHeader } from './snapshot-files.js';

/** State that lives only as long as the process: tests and throw-away runs. Snapshots are kept as their frames. */
export class MemoryBackend implements StoreBackend {
  readonly kind = 'memory' as const;
  readonly persistent = false;
  readonly location = undefined;
  #snapshots = new Map<string, Buffer[]>();

  acquire(): void {}
  release(): void {}

  async load(): Promise<Map<string, unknown>> {
    return new Map();
  }

  async loadOne(): Promise<unknown> {
    return undefined;
  }

  async write(): Promise<void> {}

  beginImage(): ImageWriter {
    return { write: async () => undefined, finish: async () => undefined, commit: async () => undefined, abort: async () => undefined };
  }

  journalSize(): undefined {
    return undefined;
  }

  async saveSnapshot(name: string, frames: readonly Buffer[]): Promise<void> {
    // Copies: the frames may be views of buffers their writer reuses.
    this.#snapshots.set(name, frames.map((f) => Buffer.from(f)));
  }

  async loadSnapshot(name: string): Promise<Buffer[] | undefined> {
    return this.#snapshots.get(name);
  }

  async listSnapshots(): Promise<SnapshotInfo[]> {
    return [...this.#snapshots.values()]
      .map((frames) => readFrame(frames[0]!).header as unknown as SnapshotHeader)
      .map((h) => ({ name: h.name, createdAt: h.createdAt, clockAt: h.clockAt, namespaces: h.namespaces }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteSnapshot(name: string): Promise<boolean> {
    return this.#snapshots.delete(name);
  }

  sidecarPath(): undefined {
    return undefined;
  }
}
