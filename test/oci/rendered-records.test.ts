import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonBytes } from '../../emulator/core/json-bytes.js';
import { ABSENT, NO_TABLE, RenderedRecords, UNKNOWN, type RenderedTable } from '../../emulator/oci/records/rendered-records.js';

// The keeper of rendered availability records (records/rendered-records.ts), against tables whose records are
// plain strings: whatever is kept, forgotten, moved between chunks or dropped, an answer built from spans must
// give each table's current record, and nothing a table no longer holds.

class FakeTable implements RenderedTable {
  renderedIn: RenderedRecords | undefined;
  renderSlot = -1;
  readonly rows = new Map<number, string>();
  writes = 0;

  writeRecordOf(out: JsonBytes, skuId: number): boolean {
    const text = this.rows.get(skuId);
    if (text === undefined) return false;
    this.writes++;
    out.utf8(text);
    return true;
  }

  set(skuId: number, text: string | undefined): void {
    if (text === undefined) this.rows.delete(skuId);
    else this.rows.set(skuId, text);
    this.renderedIn?.forget(skuId, this.renderSlot);
  }
}

/** What an answer over `ids` × `tables` reads: each record's text, null where the table has none. */
function read(kept: RenderedRecords, tables: (FakeTable | undefined)[], ids: number[]): (string | null)[][] {
  const idArray = Int32Array.from(ids);
  const slots = Int32Array.from(tables.map((t) => (t ? kept.slotOf(t) : NO_TABLE)));
  const spans = new Int32Array(2 * ids.length * tables.length);
  kept.spansOf(idArray, ids.length, slots, tables.length, spans);
  const order = Int32Array.from(tables.keys()).sort((a, b) => slots[a]! - slots[b]!);
  kept.fill(idArray, ids.map(String), ids.length, tables, order, spans, new JsonBytes(64));
  kept.touch(spans, ids.length, order, tables.length);
  return tables.map((table, i) =>
    ids.map((id, k) => {
      const at = 2 * (i * ids.length + k);
      const start = spans[at]!;
      if (start === ABSENT) return null;
      if (start === UNKNOWN) {
        const out = new JsonBytes(64);
        return table!.writeRecordOf(out, id) ? out.bytes().toString('utf8') : null;
      }
      const buf = Buffer.alloc(spans[at + 1]!);
      kept.copy(start, spans[at + 1]!, buf, 0);
      return buf.toString('utf8');
    }),
  );
}

function expected(tables: (FakeTable | undefined)[], ids: number[]): (string | null)[][] {
  return tables.map((table) => ids.map((id) => table?.rows.get(id) ?? null));
}

describe('RenderedRecords', () => {
  it('answers what a table holds after any interleaving of writes, deletes, reads and growth', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), table: fc.nat(11), id: fc.nat(3000), text: fc.string({ minLength: 1, maxLength: 300 }) }),
      fc.record({ kind: fc.constant('delete' as const), table: fc.nat(11), id: fc.nat(3000) }),
      fc.record({ kind: fc.constant('read' as const), tables: fc.uniqueArray(fc.nat(12), { minLength: 1, maxLength: 6 }), ids: fc.uniqueArray(fc.nat(3000), { minLength: 1, maxLength: 8 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.boolean(), (ops, tight) => {
        // Tight limits: garbage is reclaimed and bytes run out within a short run.
        const kept = new RenderedRecords(tight ? { bytes: 4_000, reclaimAfter: 600 } : {});
        const tables = Array.from({ length: 12 }, () => new FakeTable());
        for (const o of ops) {
          if (o.kind === 'write') tables[o.table]!.set(o.id, o.text);
          else if (o.kind === 'delete') tables[o.table]!.set(o.id, undefined);
          else {
            // Index 12 is a place without a table.
            const chosen = o.tables.map((t) => tables[t]);
            expect(read(kept, chosen, o.ids)).toEqual(expected(chosen, o.ids));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes a record once, then copies it until it changes', () => {
    const kept = new RenderedRecords();
    const table = new FakeTable();
    table.set(7, '{"sku":"A"}');
    expect(read(kept, [table], [7, 8])).toEqual([['{"sku":"A"}', null]]);
    expect(read(kept, [table], [7, 8])).toEqual([['{"sku":"A"}', null]]);
    expect(table.writes).toBe(1);
    table.set(7, '{"sku":"B"}');
    table.set(8, '{"sku":"C"}');
    expect(read(kept, [table], [7, 8])).toEqual([['{"sku":"B"}', '{"sku":"C"}']]);
    expect(table.writes).toBe(3);
  });

  it('keeps records across 1 MiB chunks and past the first directory layout (many SKUs, many places)', () => {
    const kept = new RenderedRecords();
    const tables = Array.from({ length: 20 }, () => new FakeTable());
    const ids = Array.from({ length: 400 }, (_, i) => i * 37);
    for (const [t, table] of tables.entries()) for (const id of ids) table.set(id, `{"t":${t},"id":${id},"pad":"${'x'.repeat(200)}"}`);
    // 8 000 records of ~230 bytes: two chunks, a directory grown past 1 024 SKUs and past 8 and 16 slots.
    for (let from = 0; from < ids.length; from += 10) {
      const some = ids.slice(from, from + 10);
      expect(read(kept, tables, some)).toEqual(expected(tables, some));
    }
    expect(kept.held).toBeGreaterThan(1 << 20);
    expect(read(kept, tables, ids)).toEqual(expected(tables, ids));
  });

  it('keeps nothing past its budgets, and still answers from the tables', () => {
    const kept = new RenderedRecords({ bytes: 100, directory: 8 * 1024 * 8 });
    const tables = Array.from({ length: 9 }, () => new FakeTable());
    for (const table of tables) for (let id = 0; id < 2000; id += 100) table.set(id, `{"id":${id},"long":"${'y'.repeat(60)}"}`);
    const ids = Array.from({ length: 20 }, (_, i) => i * 100);
    // Eight places fit a directory of 1 024 SKUs × 8 slots; a ninth would need 16 slots: over budget, not kept.
    expect(read(kept, tables.slice(0, 8), ids)).toEqual(expected(tables.slice(0, 8), ids));
    expect(read(kept, tables, ids)).toEqual(expected(tables, ids));
    expect(read(kept, tables, ids)).toEqual(expected(tables, ids));
    expect(kept.held).toBeLessThanOrEqual(100);
    expect(tables[0]!.renderedIn).toBe(kept);
    expect(tables[8]!.renderedIn).toBeUndefined();
  });

  it('reclaims forgotten bytes once they outweigh the kept ones', () => {
    const kept = new RenderedRecords({ reclaimAfter: 1_000 });
    const table = new FakeTable();
    for (let id = 0; id < 50; id++) table.set(id, `{"id":${id},"v":"${'z'.repeat(40)}"}`);
    const ids = Array.from({ length: 50 }, (_, i) => i);
    read(kept, [table], ids);
    const full = kept.held;
    for (const id of ids) table.set(id, `{"id":${id},"v":"changed"}`);
    expect(kept.held).toBe(full);
    expect(read(kept, [table], ids)).toEqual(expected([table], ids));
    // The next answer began by dropping the garbage: what is held now is only the records written since.
    expect(kept.held).toBeLessThan(full);
    expect(kept.cold).toBe(true);
  });

  it('warms a SKU at every place, keeping "no record" too', () => {
    const kept = new RenderedRecords();
    const tables = [new FakeTable(), new FakeTable(), new FakeTable()];
    tables[0]!.set(5, '{"a":1}');
    tables[2]!.set(5, '{"c":3}');
    kept.warm(5, 6, String, tables, new JsonBytes(64));
    expect(tables.map((t) => t.writes)).toEqual([1, 0, 1]);
    expect(read(kept, tables, [5])).toEqual([['{"a":1}'], [null], ['{"c":3}']]);
    expect(tables.map((t) => t.writes)).toEqual([1, 0, 1]);
  });
});
