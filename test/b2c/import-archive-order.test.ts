import { describe, expect, it } from 'vitest';
import { InstanceStates } from '../../emulator/b2c/instances.js';
import { NativeInventory } from '../../emulator/b2c/inventory/service.js';
import { ImpexFiles } from '../../emulator/b2c/jobs/impex-files.js';
import { importStep, type StepRun } from '../../emulator/b2c/jobs/import-step.js';
import { JobsService } from '../../emulator/b2c/jobs/service.js';
import { VirtualClock } from '../../emulator/core/clock.js';
import { Journal } from '../../emulator/core/journal.js';
import type { StoreBackend, WriteBatch } from '../../emulator/core/store/backend.js';
import { MemoryBackend } from '../../emulator/core/store/memory-backend.js';
import { Store } from '../../emulator/core/store/store.js';

// The B2C XML job never loses an import it applied: its file leaves the working folder only once the import is
// written, and a file that cannot be archived stays where it is.

const INSTANCE = 'zzzz_001';
const NS = 'http://www.demandware.com/xml/impex/inventory/2007-05-31';
const FEED = `<inventory xmlns="${NS}"><inventory-list><header list-id="ARCHIVE-LIST"><default-instock>false</default-instock></header><records><record product-id="p1"><allocation>5</allocation></record></records></inventory-list></inventory>`;
const INVENTORY_NS = `b2c.${INSTANCE}`;
const IMPEX_NS = `b2c-impex.${INSTANCE}`;

/** A backend that keeps every batch as written: what a crash between or inside batches would leave. */
function recordingBackend(): StoreBackend & { batches: Map<string, string | undefined>[] } {
  const memory = new MemoryBackend();
  const batches: Map<string, string | undefined>[] = [];
  return Object.assign(Object.create(memory) as MemoryBackend, {
    kind: 'file' as const,
    persistent: true,
    batches,
    write: async (batch: WriteBatch) => void batches.push(new Map(batch.json)),
  });
}

function world(backend: StoreBackend = new MemoryBackend()) {
  const clock = new VirtualClock({ mode: 'frozen', start: Date.parse('2026-03-02T09:00:00Z') });
  const store = new Store(backend, { flushDelayMs: 1 });
  const journal = new Journal({ now: () => clock.now() });
  const inventory = new NativeInventory(new InstanceStates({ store, clock, journal }));
  return { clock, store, journal, inventory };
}

describe('the order of an import and its archiving', () => {
  it('every batch that removes the file from its folder comes after a batch that holds the applied import', async () => {
    const backend = recordingBackend();
    const { clock, store, journal, inventory } = world(backend);
    await store.open();
    const jobs = new JobsService(store, clock, journal, inventory);
    jobs.putFile(INSTANCE, 'src/inventory/feed.xml', FEED);
    jobs.saveJob(INSTANCE, { id: 'import', description: '', steps: [{ type: 'ImportInventoryLists', parameters: { WorkingFolder: 'inventory' } }] });
    const execution = await jobs.run(INSTANCE, 'import', undefined);
    expect(execution.exitStatus.code).toBe('OK');
    await store.flush();
    await store.close();

    const disk = new Map<string, string | undefined>();
    let archivedIn = -1;
    backend.batches.forEach((batch, i) => {
      const impex = batch.get(IMPEX_NS);
      if (impex !== undefined && !impex.includes('"src/inventory/feed.xml"') && archivedIn < 0) {
        archivedIn = i;
        // Written before this batch started: a crash inside it cannot take the applied import away.
        expect(disk.get(INVENTORY_NS)).toContain('"ARCHIVE-LIST"');
        expect(disk.get(INVENTORY_NS)).toContain('"p1"');
        expect(impex).toContain('"archive/feed.xml"');
      }
      for (const [ns, text] of batch) disk.set(ns, text);
    });
    expect(archivedIn).toBeGreaterThan(0);
  });

  it('waits for the import to be written before it moves the file; a file that cannot be archived stays, with a log line', async () => {
    const { store, inventory } = world();
    class FailingArchive extends ImpexFiles {
      override move(): void {
        throw new Error('disk full');
      }
    }
    const files = new FailingArchive({ store, now: () => '2026-03-02T09:00:00.000Z' });
    files.put(INSTANCE, 'src/feed.xml', FEED);
    const seen: string[] = [];
    const run: StepRun = {
      instanceId: INSTANCE,
      files,
      inventory,
      now: () => '2026-03-02T09:00:00.000Z',
      log: [],
      busy: new Set(),
      persisted: async () => {
        seen.push(`applied=${inventory.findRecord(INSTANCE, 'ARCHIVE-LIST', 'p1')?.allocation} file=${files.list(INSTANCE, 'src').join(',')}`);
      },
    };
    const exit = await importStep(run, { AfterImportFileHandling: 'Archive' });
    expect(seen).toEqual(['applied=5 file=src/feed.xml']);
    expect(exit).toMatchObject({ status: 'ok', code: 'OK' });
    expect(files.list(INSTANCE, 'src')).toEqual(['src/feed.xml']);
    expect(run.log.join('\n')).toMatch(
      /WARN ImportInventoryLists: could not archive IMPEX\/src\/feed.xml to IMPEX\/archive\/feed.xml \(the file could not be written there\); the file stays in IMPEX\/src\/feed.xml/,
    );
    expect(run.busy.size).toBe(0);
  });

  it('keeps the files in place when what the import applied could not be written', async () => {
    const { store, inventory } = world();
    const files = new ImpexFiles({ store, now: () => 'T' });
    files.put(INSTANCE, 'src/feed.xml', FEED);
    const log: string[] = [];
    const persisted = () => Promise.reject(new Error('EIO: write failed'));
    const exit = await importStep({ instanceId: INSTANCE, files, inventory, now: () => 'T', log, busy: new Set(), persisted }, { AfterImportFileHandling: 'Delete' });
    expect(exit.code).toBe('OK');
    expect(files.list(INSTANCE, 'src')).toEqual(['src/feed.xml']);
    expect(log.join('\n')).toMatch(/WARN ImportInventoryLists: what the import applied could not be written to disk yet; its files stay where they are/);
    expect(log.join('\n')).not.toMatch(/EIO/);
  });

  it('leaves a file that was replaced while its import was being written, and skips a file another run holds', async () => {
    const { store, inventory } = world();
    const files = new ImpexFiles({ store, now: () => '2026-03-02T09:00:00.000Z' });
    files.put(INSTANCE, 'src/feed.xml', FEED);
    files.put(INSTANCE, 'src/other.xml', FEED);
    const busy = new Set([`${INSTANCE}/src/other.xml`]);
    const log: string[] = [];
    const exit = await importStep(
      { instanceId: INSTANCE, files, inventory, now: () => 'T', log, busy, persisted: async () => void files.put(INSTANCE, 'src/feed.xml', `${FEED}\n`) },
      { FileNamePattern: '\\.xml$' },
    );
    expect(exit.code).toBe('OK');
    expect(files.text(INSTANCE, 'src/feed.xml')).toBe(`${FEED}\n`);
    expect(files.list(INSTANCE, 'archive')).toEqual([]);
    expect(log.join('\n')).toMatch(/WARN ImportInventoryLists: IMPEX\/src\/other.xml is being imported by another run; skipped/);
    expect(log.join('\n')).toMatch(/WARN ImportInventoryLists: IMPEX\/src\/feed.xml was replaced or removed while its import was written; left as it is/);
    expect(busy).toEqual(new Set([`${INSTANCE}/src/other.xml`]));
  });
});
