import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/index.js';
import { NO_FUTURES, type OciRecord } from '../../emulator/oci/model.js';
import { LocationRecords } from '../../emulator/oci/records/location-records.js';
import { SkuIndex } from '../../emulator/oci/records/sku-index.js';
import { OciTenantBook } from '../../emulator/oci/tenant-book.js';
import { basic, integration, TENANT, TENANT_GROUP } from '../helpers/emulator.js';
import { tempFolders } from '../helpers/temp.js';

const temp = tempFolders('oci-emu-records');
afterAll(temp.cleanup);

const record = fc.record({
  onHand: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1000),
  safetyStockCount: fc.integer({ min: 0, max: 1000 }),
  reserved: fc.integer({ min: 0, max: 1000 }),
  futures: fc.oneof(fc.constant(NO_FUTURES), fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 9 }), expectedDate: fc.constantFrom('2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z') }), { minLength: 1, maxLength: 2 })),
  effectiveDate: fc.option(fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), { nil: undefined }),
  groupHolds: fc.option(fc.dictionary(fc.constantFrom('G1', 'G2'), fc.integer({ min: 1, max: 5 }), { minKeys: 1 }), { nil: undefined }),
});
const sku = fc.constantFrom('A1', 'B2', 'C3', 'D4', 'E5', 'F6', 'G7', 'H8', 'I9', 'J10', 'K11', 'L12', 'M13', 'N14', 'O15', 'P16', 'Q17', 'R18');
const op = fc.oneof(fc.tuple(fc.constant('set' as const), sku, record), fc.tuple(fc.constant('delete' as const), sku, fc.constant(undefined)));

const imageOf = (book: OciTenantBook) => {
  const frames: Buffer[] = [];
  const it = book.image();
  for (let next = it.next(); !next.done; next = it.next()) frames.push(next.value);
  return frames;
};
const clean = (r: OciRecord | undefined) => (r === undefined ? undefined : JSON.parse(JSON.stringify(r)));

describe('location records kept as columns', () => {
  it('behave like a map of records under any sequence of sets and deletes, and survive their journal (image and log)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const book = new OciTenantBook();
        const index = book.skuIndex;
        const table = book.ensureRecords('L1');
        const model = new Map<string, OciRecord>();
        const log: Buffer[] = [];
        let step = 0;
        for (const [kind, key, value] of ops) {
          if (step++ % 7 === 3) log.push(...(book.drain() as Buffer[]));
          if (kind === 'set') {
            const r = { ...value! } as OciRecord;
            if (r.effectiveDate === undefined) delete r.effectiveDate;
            if (r.groupHolds === undefined) delete r.groupHolds;
            table.set(key, r);
            model.set(key, r);
          } else {
            expect(table.delete(key)).toBe(model.delete(key));
          }
        }
        const drained = book.drain();
        if (drained !== 'image') log.push(...drained);
        const fromImage = OciTenantBook.load(imageOf(book)).records.get('L1')!;
        const tables = drained === 'image' ? [table, fromImage] : [table, fromImage, OciTenantBook.load(log).records.get('L1')!];
        expect(index.size).toBeGreaterThanOrEqual(0);
        for (const t of tables) {
          expect(t.size).toBe(model.size);
          expect([...t.skus()].sort()).toEqual([...model.keys()].sort());
          for (const [key, value] of model) expect(clean(t.get(key))).toEqual(clean(value));
        }
      }),
    );
  });

  it('reads the plain {sku: record} form too', () => {
    const table = LocationRecords.from({ X1: { onHand: 3, safetyStockCount: 1, reserved: 0, futures: [] } }, new SkuIndex());
    expect(table.get('X1')).toMatchObject({ onHand: 3, safetyStockCount: 1 });
  });

  it('persist across a restart of a file-backed emulator', async () => {
    const file = temp.file();
    const first = await createEmulator({ store: { file }, fixtures: 'demo' });
    const { url } = await first.listen(0);
    const token = (await (
      await fetch(`${url}/dwsso/oauth2/access_token`, {
        method: 'POST',
        headers: { Authorization: basic(integration.id, integration.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: `SALESFORCE_COMMERCE_API:${TENANT} sfcc.inventory.availability.rw sfcc.inventory.availability` }),
      })
    ).json()) as { access_token: string };
    const base = `/inventory/availability/v1/organizations/${TENANT_GROUP}/availability-records/actions`;
    const post = (u: string, path: string, body: unknown) =>
      fetch(`${u}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(url, `${base}/batch-update`, { records: [{ id: 'p-1', location: 'WH-EAST', sku: 'PERSISTED', onHand: 12.5, futureStock: [{ quantity: 2, expectedDate: '2026-09-01T00:00:00Z' }] }] })).status).toBe(204);
    await first.close();
    const second = await createEmulator({ store: { file }, fixtures: 'demo' });
    const again = await second.listen(0);
    const res = await post(again.url, `${base}/get-availability`, { skus: ['PERSISTED', 'SKU-0001'], locations: ['WH-EAST'] });
    const body = (await res.json()) as { locations: { records: { sku: string; onHand: number; ato: number }[] }[] };
    expect(body.locations[0]!.records.map((r) => r.sku)).toEqual(['PERSISTED', 'SKU-0001']);
    expect(body.locations[0]!.records[0]).toMatchObject({ onHand: 12.5, ato: 14.5 });
    await second.close();
  });
});
