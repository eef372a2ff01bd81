import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StoreLockedError, type StoreBackend, type WriteBatch } from '../../emulator/core/store/backend.js';
import { FileBackend } from '../../emulator/core/store/file-backend.js';
import { MemoryBackend } from '../../emulator/core/store/memory-backend.js';
import { Store, StoreNameError } from '../../emulator/core/store/store.js';
import { tempFolders } from '../helpers/temp.js';
import { namespaceOnDisk } from '../helpers/disk.js';

const open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
});

async function fileStore(file: string, options: { flushDelayMs?: number; durable?: boolean } = {}): Promise<Store> {
  const store = new Store(new FileBackend(file, { durable: options.durable }), { flushDelayMs: options.flushDelayMs ?? 20 });
  await store.open();
  open.push(store);
  return store;
}

const temp = tempFolders('oci-emu-store');
afterAll(temp.cleanup);

function tempFile(): string {
  return temp.file();
}

/** Counts the batches the store hands its backend. */
function countingBackend(): { backend: StoreBackend; batches: Map<string, string | undefined>[] } {
  const inner = new MemoryBackend();
  const batches: Map<string, string | undefined>[] = [];
  const backend = Object.assign(Object.create(Object.getPrototypeOf(inner)), inner, {
    persistent: true,
    write: async (batch: WriteBatch) => void batches.push(new Map(batch.json)),
  }) as StoreBackend;
  return { backend, batches };
}

describe('store', () => {
  it('coalesces many changes into one write per batch, never one write per change', async () => {
    const { backend, batches } = countingBackend();
    const store = new Store(backend, { flushDelayMs: 30 });
    await store.open();
    open.push(store);
    const data = store.ensure<{ n: number }>('tenant.a', () => ({ n: 0 }));
    for (let i = 0; i < 1000; i++) {
      data.n++;
      store.touch('tenant.a');
    }
    store.ensure('tenant.b', () => ({}));
    await new Promise((r) => setTimeout(r, 80));
    expect(batches).toHaveLength(1);
    expect(JSON.parse(batches[0]!.get('tenant.a')!)).toEqual({ n: 1000 });
    expect([...batches[0]!.keys()].sort()).toEqual(['tenant.a', 'tenant.b']);
    expect(store.dirty).toBe(false);
  });

  it('writes only the namespaces that changed', async () => {
    const { backend, batches } = countingBackend();
    const store = new Store(backend, { flushDelayMs: 5 });
    await store.open();
    open.push(store);
    store.set('a', { v: 1 });
    store.set('b', { v: 1 });
    await store.flush();
    store.get<{ v: number }>('b')!.v = 2;
    store.touch('b');
    await store.flush();
    expect([...batches[1]!.keys()]).toEqual(['b']);
  });

  it('a change is on disk within the flush delay, and survives a restart', async () => {
    const file = tempFile();
    const store = await fileStore(file, { flushDelayMs: 20 });
    store.set('tenant.x', { records: { sku1: 5 } });
    await new Promise((r) => setTimeout(r, 150));
    expect(await namespaceOnDisk(file, 'tenant.x')).toEqual({ records: { sku1: 5 } });
    await store.close();
    open.pop();
    const again = await fileStore(file);
    expect(again.get('tenant.x')).toEqual({ records: { sku1: 5 } });
  });

  it('close() writes what is pending; deleted namespaces stay deleted after a restart', async () => {
    const file = tempFile();
    const store = await fileStore(file, { flushDelayMs: 60_000 });
    store.set('keep', { a: 1 });
    store.set('drop', { b: 1 });
    await store.flush();
    store.delete('drop');
    store.set('late', { c: 1 });
    await store.close();
    open.pop();
    const again = await fileStore(file);
    expect(again.namespaces()).toEqual(['keep', 'late']);
    expect(readdirSync(join(file, '..', 'state.d')).filter((n) => n.startsWith('drop.'))).toEqual([]);
  });

  it('writes atomically: a reader polling during writes never sees half a state', async () => {
    const file = tempFile();
    const store = await fileStore(file, { flushDelayMs: 0 });
    const big = { rows: Array.from({ length: 20_000 }, (_, i) => ({ id: i, text: 'x'.repeat(20) })) };
    store.set('big', big);
    await store.flush();
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        // What a restart would read at this instant: a whole batch or the one before (a file the manifest names
        // may be removed under a reader right after the next commit: then there is nothing to check this time).
        const seen = await namespaceOnDisk<{ rows: unknown[] }>(file, 'big').catch(() => undefined);
        if (seen) {
          expect(seen.rows).toHaveLength(20_000);
          reads++;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 20; i++) {
      big.rows[0]!.id = -i;
      store.touch('big');
      await store.flush();
    }
    stop = true;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(join(file, '..', 'state.d')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('with durable writes, flush resolves only once the data is on disk', async () => {
    const file = tempFile();
    const store = await fileStore(file, { flushDelayMs: 60_000, durable: true });
    store.set('d', { ok: true });
    await store.flush();
    expect(await namespaceOnDisk(file, 'd')).toEqual({ ok: true });
  });

  it('refuses a second owner of the same data file with a message naming the holder', async () => {
    const file = tempFile();
    await fileStore(file);
    const second = new Store(new FileBackend(file));
    await expect(second.open()).rejects.toThrow(StoreLockedError);
    await expect(second.open()).rejects.toThrow(new RegExp(`already open in this process \\(pid ${process.pid}`));
  });

  it('takes over a lock left behind by a process that no longer runs', async () => {
    const file = tempFile();
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), startedAt: 'then' }));
    const store = await fileStore(file);
    expect(store.isEmpty).toBe(true);
  });

  it('refuses to start on a corrupt data file rather than overwrite it', async () => {
    const file = tempFile();
    writeFileSync(file, '{"format": "oci-b2c-emulator/state@1", "namespaces": [');
    const store = new Store(new FileBackend(file));
    await expect(store.open()).rejects.toThrow(/not valid JSON/);
    // the failed open released its lock
    await fileStore(tempFile());
  });

  it.each([
    ['memory', () => new Store(new MemoryBackend())],
    ['file', () => new Store(new FileBackend(tempFile()))],
  ])('snapshots round-trip in %s', async (_kind, make) => {
    const store = make();
    await store.open();
    open.push(store);
    store.set('t.one', { v: 1 });
    await store.saveSnapshot('before');
    store.get<{ v: number }>('t.one')!.v = 2;
    store.set('t.two', { extra: true });
    expect((await store.listSnapshots()).map((s) => s.name)).toEqual(['before']);
    const replaced: string[][] = [];
    store.onReplace((ns) => replaced.push([...ns].sort()));
    await store.restoreSnapshot('before');
    expect(store.get('t.one')).toEqual({ v: 1 });
    expect(store.has('t.two')).toBe(false);
    expect(replaced).toEqual([['t.one', 't.two']]);
    // the restored copy is independent of the snapshot
    store.get<{ v: number }>('t.one')!.v = 3;
    await store.restoreSnapshot('before');
    expect(store.get('t.one')).toEqual({ v: 1 });
    expect(await store.restoreSnapshot('nope')).toBeUndefined();
    expect(await store.deleteSnapshot('before')).toBe(true);
    expect(await store.listSnapshots()).toEqual([]);
    await expect(store.saveSnapshot('../escape')).rejects.toThrow(StoreNameError);
  });
});
