import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { guestToken, ORDERS, readyBasket, RESERVATION, SITE } from '../helpers/shopper.js';

// 200 shoppers race for 50 units in Omnichannel Inventory mode. Every shopper's basket was filled while the cache
// showed 50, so only OCI can tell them apart: exactly 50 units end up reserved or ordered, none oversold, and
// OCI's reservations are exactly the orders' (and the live basket reservations').

const AVAILABILITY = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const q = `?siteId=${SITE}`;
let w: Bm;

async function stock(sku: string, units: number) {
  const token = await tokenFor(w.run.http);
  const records = ['WH-EAST', 'WH-WEST', 'STORE-BOS'].map((location, i) => ({ id: `${sku}-${location}-${units}`, location, sku, onHand: i === 0 ? units : 0, safetyStockCount: 0, futureStock: [] }));
  expect((await w.run.http.post(`${AVAILABILITY}/availability-records/actions/batch-update`).set('Authorization', `Bearer ${token}`).send({ records })).status).toBe(204);
  await catchUp(w.run.emulator);
}

const documents = () => w.run.emulator.services.oci!.domain.reservations.documents(TENANT_GROUP).filter((d) => d.state === 'OPEN' && d.id.startsWith(`b2c-${TENANT}-`));
const held = (sku: string) => documents().reduce((n, d) => n + d.lines.filter((l) => l.sku === sku).reduce((m, l) => m + l.quantity, 0), 0);
const reservedAtGroup = (sku: string) => w.run.emulator.services.oci!.domain.query.group(TENANT_GROUP, 'US-ONLINE', sku)!;

beforeAll(async () => {
  w = await fresh({});
  await enterOci(w);
});
afterAll(() => w.run.close());

async function shoppers(n: number, sku: string, quantity: (i: number) => number) {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const token = await guestToken(w.run);
      const basketId = await readyBasket(w.run, token, [{ productId: sku, quantity: quantity(i) }]);
      return { token, basketId, quantity: quantity(i) };
    }),
  );
}

describe('200 shoppers, 50 units', { timeout: 120_000 }, () => {
  it('orders racing: exactly 50 ordered, the other 150 told the item is not available, OCI holds exactly the orders', async () => {
    await stock('SKU-0024', 50);
    const all = await shoppers(200, 'SKU-0024', () => 1);
    const answers = await Promise.all(all.map((s) => w.run.http.post(`${ORDERS}${q}`).set('Authorization', `Bearer ${s.token}`).send({ basketId: s.basketId })));
    const ok = answers.filter((r) => r.status === 200);
    expect(ok).toHaveLength(50);
    for (const r of answers.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(400);
      expect(r.body.type).toMatch(/product-item-not-available$/);
    }
    expect(held('SKU-0024')).toBe(50);
    expect(documents().filter((d) => d.id.includes('-order-'))).toHaveLength(50);
    expect(reservedAtGroup('SKU-0024')).toMatchObject({ ato: 0 });
    await catchUp(w.run.emulator);
    const late = await guestToken(w.run);
    await expect(readyBasket(w.run, late, [{ productId: 'SKU-0024', quantity: 1 }])).rejects.toMatchObject({ response: { status: 400 } });
  });

  it('basket reservations racing (1–3 units each), then orders: reserved + ordered never exceeds 50, OCI matches', async () => {
    await stock('SKU-0023', 50);
    const all = await shoppers(200, 'SKU-0023', (i) => 1 + (i % 3));
    const reserved = await Promise.all(all.map((s) => w.run.http.post(`${RESERVATION(s.basketId)}${q}`).set('Authorization', `Bearer ${s.token}`).send({ minutes: 30 })));
    const holders = all.filter((_, i) => reserved[i]!.status === 200);
    for (const r of reserved) expect([200, 409]).toContain(r.status);
    const units = holders.reduce((n, s) => n + s.quantity, 0);
    expect(units).toBeLessThanOrEqual(50);
    expect(held('SKU-0023')).toBe(units);
    // Everyone tries to order: the holders get their reserved units; the rest find nothing left unless holders
    // left some units over (reservations are all or nothing per basket).
    const answers = await Promise.all(all.map((s) => w.run.http.post(`${ORDERS}${q}`).set('Authorization', `Bearer ${s.token}`).send({ basketId: s.basketId })));
    const ordered = all.filter((_, i) => answers[i]!.status === 200);
    for (const s of holders) expect(ordered).toContain(s);
    const orderedUnits = ordered.reduce((n, s) => n + s.quantity, 0);
    expect(orderedUnits).toBeLessThanOrEqual(50);
    expect(50 - orderedUnits).toBeLessThan(3);
    expect(held('SKU-0023')).toBe(orderedUnits);
    expect(documents().filter((d) => d.id.includes('-basket-') && d.lines.some((l) => l.sku === 'SKU-0023'))).toHaveLength(0);
  });
});
