import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparseRows } from '../../emulator/core/sparse-rows.js';

// SparseRows answers as a Map by row would, whatever the sequence of sets, deletes and moves (a table filling a
// deleted row with its last), including rows beyond any bit it has yet.

type Op = { op: 'set'; row: number; value: number } | { op: 'delete'; row: number } | { op: 'move'; from: number; to: number };

const row = fc.integer({ min: 0, max: 300 });
const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('set' as const), row, value: fc.integer() }),
    fc.record({ op: fc.constant('delete' as const), row }),
    fc.record({ op: fc.constant('move' as const), from: row, to: row }),
  ),
  { maxLength: 200 },
);

describe('SparseRows', () => {
  it('behaves as a Map by row', () => {
    fc.assert(
      fc.property(ops, (sequence: Op[]) => {
        const rows = new SparseRows<number>();
        const model = new Map<number, number>();
        for (const step of sequence) {
          if (step.op === 'set') {
            rows.set(step.row, step.value);
            model.set(step.row, step.value);
          } else if (step.op === 'delete') {
            expect(rows.delete(step.row)).toBe(model.delete(step.row));
          } else {
            rows.move(step.from, step.to);
            const value = model.get(step.from);
            model.delete(step.to);
            if (value !== undefined) {
              model.set(step.to, value);
              model.delete(step.from);
            }
          }
          expect(rows.size).toBe(model.size);
        }
        for (let r = 0; r <= 320; r++) {
          expect(rows.get(r)).toBe(model.get(r));
          expect(rows.has(r)).toBe(model.has(r));
        }
      }),
      { numRuns: 500 },
    );
  });
});
