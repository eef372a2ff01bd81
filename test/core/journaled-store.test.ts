import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileBackend } from '../../emulator/core/store/file-backend.js';
import { readFrame, seal } from '../../emulator/core/store/frames.js';
import { journalTypes, type Journaled, type JournalType } from '../../emulator/core/store/journaled.js';
import { JournaledMap } from '../../emulator/core/store/journaled-map.js';
import { Store } from '../../emulator/core/store/store.js';
import { tempFolders } from '../helpers/temp.js';
import { onDisk } from '../helpers/disk.js';

// The store's journaled namespaces: what a batch writes (only what changed), images written in slices and taken
// over at their commit, what a crash can leave (a torn log tail, files the manifest does not name) and how a
// restart reads it back.

const temp = tempFolders('oci-emu-journal');
afterAll(temp.cleanup);
const open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
});

/** A journaled map of numbers: the smallest journaled value. */
class Numbers implements Journaled {
  readonly journalType = 'numbers';
  readonly map = new JournaledMap<number>('kv');
  drain(): Buffer[] | 'image' {
    if (this.map.mostlyChanged) return 'image';
    const frames: Buffer[] = [];
    this.map.drainInto(frames);
    return frames;
  }
  forget(): void {
    this.map.forget();
  }
  image(): Iterator<Buffer> {
    return this.map.imageFrames();
  }
}
const numbersType: JournalType = {
  name: 'numbers',
  load(frames) {
    const n = new Numbers();
    for (const f of frames) n.map.applyBytes(f);
    n.forget();
    return n;
  },
};
const types = journalTypes(numbersType);

async function fileStore(file: string, options: { durable?: boolean; flushDelayMs?: number } = {}): Promise<Store> {
  const store = new Store(new FileBackend(file, { durable: options.durable }), { flushDelayMs: options.flushDelayMs ?? 60_000, journalTypes: types, durable: options.durable, onWriteError: () => undefined });
  await store.open();
  open.push(store);
  return store;
}

async function reopen(store: Store, file: string): Promise<Store> {
  await store.close();
  open.splice(open.indexOf(store), 1);
  return fileStore(file);
}

const files = (file: string) => readdirSync(join(file, '..', 'state.d')).sort();
const logOf = (file: string, ns: string) => files(file).find((f) => f.startsWith(`${ns}.`) && f.endsWith('.log'))!;

describe('journaled namespaces', () => {
  it('write a new value as an image, then only the keys that changed to the log; a restart reads both', async () => {
    const file = temp.file();
    const store = await fileStore(file);
    const numbers = store.ensure('n', () => new Numbers());
    for (let i = 0; i < 5_000; i++) numbers.map.set(`k${i}`, i);
    await store.flush();
    expect(files(file)).toEqual(['n.1.image']);

    numbers.map.set('k7', -7);
    numbers.map.delete('k8');
    store.touch('n');
    await store.flush();
    const log = readFileSync(join(file, '..', 'state.d', logOf(file, 'n')));
    // One small frame: two keys, not five thousand.
    expect(log.length).toBeLessThan(200);

    const again = (await reopen(store, file)).get<Numbers>('n')!;
    expect(again).toBeInstanceOf(Numbers);
    expect(again.map.size).toBe(4_999);
    expect(again.map.get('k7')).toBe(-7);
    expect(again.map.has('k8')).toBe(false);
    expect(again.map.get('k4999')).toBe(4999);
  });

  it('keep ids such as __proto__ and constructor as plain keys through a restart', async () => {
    const file = temp.file();
    const store = await fileStore(file);
    const numbers = store.ensure('n', () => new Numbers());
    for (const [i, key] of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'].entries()) numbers.map.set(key, i);
    store.set('plain', Object.assign(Object.create(null), { ['__proto__']: { x: 1 }, constructor: 2 }));
    await store.flush();
    const again = await reopen(store, file);
    expect([...again.get<Numbers>('n')!.map]).toEqual([['__proto__', 0], ['constructor', 1], ['toString', 2], ['hasOwnProperty', 3]]);
    const plain = again.get<Record<string, unknown>>('plain')!;
    expect(Object.getPrototypeOf(plain)).toBeNull();
    expect(Object.keys(plain)).toEqual(['__proto__', 'constructor']);
    expect(plain.toString).toBeUndefined();
  });

  it('write a big image in slices, so the event loop keeps turning while it is written', async () => {
    const file = temp.file();
    const store = await fileStore(file);
    const numbers = store.ensure('n', () => new Numbers());
    for (let i = 0; i < 400_000; i++) numbers.map.set(`key-${i}`, i);
    let turns = 0;
    let writing = true;
    const ticker = (async () => {
      while (writing) {
        await new Promise((r) => setImmediate(r));
        turns++;
      }
    })();
    await store.flush();
    writing = false;
    await ticker;
    // Two hundred frames of two thousand keys: the writer gives the loop back between its slices.
    expect(turns).toBeGreaterThan(3);
    const again = (await reopen(store, file)).get<Numbers>('n')!;
    expect(again.map.size).toBe(400_000);
  });

  it('start a new image once the log outgrows it, and drop the files it replaces', async () => {
    const file = temp.file();
    const store = await fileStore(file);
    const numbers = store.ensure('n', () => new Numbers());
    numbers.map.set('big', 0);
    await store.flush();
    // Each round changes one key with a large value: the log grows past 16 MB, then a new image is written.
    const value = 'x'.repeat(1 << 20);
    for (let round = 0; round < 20; round++) {
      (numbers.map as unknown as JournaledMap<unknown>).set('big', `${round}${value}`);
      store.touch('n');
      await store.flush();
    }
    await store.close();
    open.pop();
    const names = files(file);
    expect(names.some((n) => /^n\.\d+\.image$/.test(n) && n !== 'n.1.image')).toBe(true);
    expect(names).not.toContain('n.1.image');
    const total = names.reduce((sum, n) => sum + statSync(join(file, '..', 'state.d', n)).size, 0);
    expect(total).toBeLessThan(40 << 20);
    const again = (await fileStore(file)).get<Numbers>('n')!;
    expect(String(again.map.get('big')).startsWith('19x')).toBe(true);
  });

  it('read a log cut short by a crash up to its last whole frame, and append after it again', async () => {
    const file = temp.file();
    const store = await fileStore(file);
    const numbers = store.ensure('n', () => new Numbers());
    numbers.map.set('a', 1);
    await store.flush();
    numbers.map.set('b', 2);
    store.touch('n');
    await store.flush();
    await store.close();
    open.pop();
    const log = join(file, '..', 'state.d', logOf(file, 'n'));
    appendFileSync(log, Buffer.from([40, 0, 0, 0, 1, 2, 3]));
    const again = await fileStore(file);
    const n = again.get<Numbers>('n')!;
    expect([...n.map]).toEqual([['a', 1], ['b', 2]]);
    n.map.set('c', 3);
    again.touch('n');
    await again.flush();
    const third = (await reopen(again, file)).get<Numbers>('n')!;
    expect([...third.map]).toEqual([['a', 1], ['b', 2], ['c', 3]]);
  });

  it('remove at start what a crash left that the manifest does not name', async () => {
    const file = temp.file();
    const store = await fileStore(file);
    store.ensure('n', () => new Numbers()).map.set('a', 1);
    await store.close();
    open.pop();
    const dir = join(file, '..', 'state.d');
    writeFileSync(join(dir, 'n.9.image.tmp'), 'half');
    writeFileSync(join(dir, 'n.9.log'), 'orphan');
    writeFileSync(join(dir, 'gone.json'), '{}');
    const again = await fileStore(file);
    expect(files(file)).toEqual(['n.1.image']);
    expect(again.has('gone')).toBe(false);
  });

  it('read a data file of the first layout (plain namespaces listed in the manifest)', async () => {
    const file = temp.file();
    const dir = join(file, '..', 'state.d');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify({ format: 'oci-b2c-emulator/state@1', savedAt: 'then', namespaces: ['t.one'] }));
    writeFileSync(join(dir, 't.one.json'), JSON.stringify({ v: 1 }));
    const store = await fileStore(file);
    expect(store.get('t.one')).toEqual({ v: 1 });
    store.touch('t.one');
    await store.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'oci-b2c-emulator/state@2', namespaces: { 't.one': { kind: 'json' } } });
  });

  it('round-trip journaled values through snapshots, as one consistent moment', async () => {
    const file = temp.file();
    const store = await fileStore(file);
    const numbers = store.ensure('n', () => new Numbers());
    numbers.map.set('a', 1);
    store.set('plain', { v: 1 });
    await store.saveSnapshot('s');
    numbers.map.set('a', 2);
    store.touch('n');
    await store.restoreSnapshot('s');
    expect(store.get<Numbers>('n')!.map.get('a')).toBe(1);
    await store.flush();
    expect((await reopen(store, file)).get<Numbers>('n')!.map.get('a')).toBe(1);
    const head = readFrame(readFileSync(join(file, '..', 'state.snapshots', 's.snapshot')).subarray(8)).header;
    expect(head).toMatchObject({ op: 'snapshot', name: 's', namespaces: 2 });
  });

  it('with durable writes, a write that fails is undone in memory and reported to whoever waits for it', async () => {
    const file = temp.file();
    const store = await fileStore(file, { durable: true });
    const numbers = store.ensure('n', () => new Numbers());
    numbers.map.set('kept', 1);
    await store.flush();
    const reverts = store.reverts;
    // The disk refuses the next batch.
    const backend = store.backend as FileBackend;
    const write = backend.write.bind(backend);
    backend.write = async () => {
      backend.write = write;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    numbers.map.set('lost', 2);
    store.touch('n');
    await expect(store.flush()).rejects.toThrow(/undone/);
    expect(store.reverts).toBe(reverts + 1);
    const now = store.get<Numbers>('n')!;
    expect(now.map.get('kept')).toBe(1);
    expect(now.map.has('lost')).toBe(false);
    // The next write works again, and what it writes is read back.
    now.map.set('later', 3);
    store.touch('n');
    await store.flush();
    expect([...(await reopen(store, file)).get<Numbers>('n')!.map]).toEqual([['kept', 1], ['later', 3]]);
  });

  it('commit a batch whole or not at all: a batch that fails on one file leaves every file as the last commit', async () => {
    const file = temp.file();
    const store = await fileStore(file, { durable: true });
    store.set('a', { v: 1 });
    store.set('b', { v: 1 });
    store.ensure('n', () => new Numbers()).map.set('k', 1);
    await store.flush();
    // b's next file cannot be written: a folder stands where it goes.
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { namespaces: Record<string, { gen: number }> };
    mkdirSync(join(file, '..', 'state.d', `b.${manifest.namespaces.b!.gen + 1}.json`, 'x'), { recursive: true });
    store.get<{ v: number }>('a')!.v = 2;
    store.touch('a');
    store.get<{ v: number }>('b')!.v = 2;
    store.touch('b');
    store.get<Numbers>('n')!.map.set('k', 2);
    store.touch('n');
    await expect(store.flush()).rejects.toThrow(/undone/);
    const disk = await onDisk(file, types);
    expect(disk.get('a')).toEqual({ v: 1 });
    expect(disk.get('b')).toEqual({ v: 1 });
    expect((disk.get('n') as Numbers).map.get('k')).toBe(1);
    expect(store.get('a')).toEqual({ v: 1 });
  });

  it('read a log only up to its committed end: frames of a batch a crash cut off before its commit do not count', async () => {
    const file = temp.file();
    const store = await fileStore(file);
    const numbers = store.ensure('n', () => new Numbers());
    numbers.map.set('a', 1);
    await store.flush();
    numbers.map.set('b', 2);
    store.touch('n');
    await store.flush();
    await store.close();
    open.pop();
    // Whole, valid frames past the committed end, as a batch that was appended but never committed leaves them.
    const spare = new Numbers();
    spare.map.set('uncommitted', 9);
    appendFileSync(join(file, '..', 'state.d', logOf(file, 'n')), Buffer.concat(seal(spare.drain() as Buffer[])));
    const again = await fileStore(file);
    expect([...again.get<Numbers>('n')!.map]).toEqual([['a', 1], ['b', 2]]);
  });
});
