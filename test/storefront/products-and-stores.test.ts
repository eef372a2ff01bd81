import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { b2cWorld } from '../b2c/helpers.js';
import { fresh, setMode, type Bm } from '../b2c/integration-page.js';
import { TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { AVAILABILITY, guestToken, ORDERS, PRODUCTS, readyBasket, SITE, STORES } from '../helpers/shopper.js';

// What a shopper reads before the basket: a product's stock in each mode (native record arithmetic, b2c-storefront-
// and-imports.md §1.3/§3.4; the OCI cache, b2c-account-manager.md §3.3), products, masters and variants, and the
// stores near a place.

const w = b2cWorld();
let token = '';
beforeAll(async () => {
  token = await guestToken(w.run);
});
const shop = (path: string, query = '') => w.run.http.get(`${path}?siteId=${SITE}${query}`).set('Authorization', `Bearer ${token}`);
const product = async (id: string, query = '') => {
  const res = await shop(`${PRODUCTS}/products/${id}`, query);
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const record = (sku: string, body: object, list = 'US-ONLINE') => w.data('put', `/inventory_lists/${list}/product_inventory_records/${sku}`, body);
const order = async (sku: string, quantity: number) => {
  const guest = await guestToken(w.run);
  const basketId = await readyBasket(w.run, guest, [{ productId: sku, quantity }]);
  const res = await w.run.http.post(`${ORDERS}?siteId=${SITE}`).set('Authorization', `Bearer ${guest}`).send({ basketId });
  expect(res.status, res.text).toBe(200);
};
const NONE = { orderable: false, backorderable: false, preorderable: false };

describe('native stock (Commerce Platform Inventory)', () => {
  const cases: [string, string, object | null, object][] = [
    ['allocation only', 'SKU-0004', { allocation: { amount: 5 } }, { ats: 5, stockLevel: 5, ...NONE, orderable: true }],
    ['backorder allocation adds to ATS, not to stock level', 'SKU-0006', { allocation: { amount: 3 }, pre_order_back_order_handling: 'backorder', pre_order_back_order_allocation: 4, in_stock_date: '2026-04-15T10:30:00.000Z' }, { ats: 7, stockLevel: 3, orderable: true, backorderable: true, preorderable: false, inStockDate: '2026-04-15T00:00:00.000Z' }],
    ['preorder with nothing allocated', 'SKU-0007', { allocation: { amount: 0 }, pre_order_back_order_handling: 'preorder', pre_order_back_order_allocation: 10 }, { ats: 10, stockLevel: 0, orderable: true, backorderable: false, preorderable: true }],
    ['sold out', 'SKU-0008', { allocation: { amount: 0 } }, { ats: 0, stockLevel: 0, ...NONE }],
    ['perpetual', 'SKU-0009', { perpetual_flag: true, pre_order_back_order_handling: 'backorder' }, { ats: 999999, stockLevel: 999999, orderable: true, backorderable: true, preorderable: false }],
    ['no record', 'SKU-0013', null, { ats: 0, stockLevel: 0, ...NONE }],
  ];
  it.each(cases)('%s (%s)', async (_name, sku, body, expected) => {
    if (body) expect((await record(sku, body)).status).toBeLessThan(300);
    const shown = { id: 'US-ONLINE', ...expected };
    const p = await product(sku);
    expect(p.inventory).toEqual(shown);
    const avail = await shop(AVAILABILITY, `&productIds=${sku}`);
    expect(avail.body.data).toEqual([{ id: sku, inventories: [shown] }]);
  });

  it('follows turnover and on order (the worked example of §1.3), never below 0', async () => {
    const sku = 'SKU-0010';
    const full = { allocation: { amount: 12 }, pre_order_back_order_handling: 'backorder', pre_order_back_order_allocation: 4 };
    const steps: [string, () => Promise<unknown>, number, number][] = [
      ['import 12 + backorder 4', () => record(sku, full), 16, 12],
      ['order 5', () => order(sku, 5), 11, 7],
      ['order 2', () => order(sku, 2), 9, 5],
      ['new allocation 10 resets turnover', () => record(sku, { ...full, allocation: { amount: 10 } }), 14, 10],
      ['on order inventory on, order 3: ATS only', async () => (await w.data('patch', '/inventory_lists/US-ONLINE', { on_order_inventory_enabled: true }), await order(sku, 3)), 11, 10],
      ['on order inventory off, order 6', async () => (await w.data('patch', '/inventory_lists/US-ONLINE', { on_order_inventory_enabled: false }), await order(sku, 6)), 5, 4],
      ['allocation patched below turnover', () => w.data('patch', `/inventory_lists/US-ONLINE/product_inventory_records/${sku}`, { allocation: { amount: 1 }, pre_order_back_order_allocation: 0 }), 0, 0],
    ];
    for (const [step, act, ats, stockLevel] of steps) {
      await act();
      expect((await product(sku)).inventory, step).toMatchObject({ ats, stockLevel, orderable: ats > 0 });
    }
  });

  it('a list in stock by default shows 999999 for products without a record', async () => {
    expect((await w.data('patch', '/inventory_lists/US-ONLINE', { default_in_stock: true })).status).toBe(200);
    try {
      expect((await product('SKU-0013')).inventory).toMatchObject({ ats: 999999, stockLevel: 999999, orderable: true });
      expect((await product('SKU-0008')).inventory).toMatchObject({ ats: 0, orderable: false });
    } finally {
      await w.data('patch', '/inventory_lists/US-ONLINE', { default_in_stock: false });
    }
    expect((await product('SKU-0013')).inventory).toMatchObject({ ats: 0, orderable: false });
  });
});

describe('products', () => {
  it('inventoryIds adds the store lists, in the order asked; an unknown list is a 400', async () => {
    await record('SKU-0011', { allocation: { amount: 4 } }, 'STORE-DEN');
    for (const lists of [['STORE-BOS', 'STORE-DEN'], ['STORE-DEN', 'STORE-BOS']]) {
      const p = await product('SKU-0011', `&inventoryIds=${lists.join(',')}`);
      expect(p.inventory).toMatchObject({ id: 'US-ONLINE', ats: 0 });
      expect(p.inventories.map((i: { id: string; ats: number }) => [i.id, i.ats])).toEqual(lists.map((id) => [id, id === 'STORE-DEN' ? 4 : 0]));
    }
    const unknown = await shop(`${PRODUCTS}/products/SKU-0011`, '&inventoryIds=STORE-BOS,NOPE');
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toMatch(/inventory-list-not-found$/);
  });

  it('a master shows its variants and their stock together; a variant names its master', async () => {
    await record('SKU-0001', { allocation: { amount: 2 } });
    await record('SKU-0002', { allocation: { amount: 0 }, pre_order_back_order_handling: 'backorder', pre_order_back_order_allocation: 3 });
    const master = await product('TEE-MASTER');
    expect(master.type).toEqual({ master: true });
    expect(master.inventory).toMatchObject({ id: 'US-ONLINE', ats: 5, orderable: true });
    expect(master.variants.map((v: { productId: string; orderable: boolean }) => [v.productId, v.orderable])).toEqual([['SKU-0001', true], ['SKU-0002', true], ['SKU-0003', false]]);
    expect(master.variants[1].variationValues).toEqual({ color: 'white', size: 'M' });
    expect(master.variationAttributes.map((a: { id: string; values: { value: string }[] }) => [a.id, a.values.map((v) => v.value)])).toEqual([['color', ['navy', 'white', 'red']], ['size', ['M']]]);
    const variant = await product('SKU-0002');
    expect(variant.type).toEqual({ variant: true });
    expect(variant.master).toMatchObject({ masterId: 'TEE-MASTER', orderable: true });
    expect(variant.variationValues).toEqual({ color: 'white', size: 'M' });
  });

  // VariationAttributeValue.orderable (shopper-products OAS 1.11.1): "whether at least one variant with this variation
  // attribute value is available to sell" (SKU-0003, the red one, has no record in a list not in stock by default).
  it('a variation value is orderable when one of its variants is', async () => {
    const master = await product('TEE-MASTER', '&expand=variations');
    const values = master.variationAttributes.map((a: { id: string; values: { value: string; orderable: boolean }[] }) => [a.id, a.values.map((v) => [v.value, v.orderable])]);
    expect(values).toEqual([['color', [['navy', true], ['white', true], ['red', false]]], ['size', [['M', true]]]]);
  });

  it.each([
    ['none', false, false, false],
    ['prices', true, false, false],
    ['availability', false, true, false],
    ['variations', false, false, true],
    ['prices,availability,variations', true, true, true],
  ])('expand=%s', async (expand, price, inventory, variants) => {
    const p = await product('TEE-MASTER', `&expand=${expand}&inventoryIds=STORE-BOS`);
    expect([price, inventory, inventory, variants, variants]).toEqual(['price', 'inventory', 'inventories', 'variants', 'variationAttributes'].map((k) => k in p));
    expect(p).toMatchObject({ id: 'TEE-MASTER', type: { master: true } });
  });

  it('products?ids drops unknown and offline products; availability lists variants after their master', async () => {
    expect((await w.data('patch', '/products/SKU-0005', { online_flag: { default: false } })).status).toBe(200);
    const many = await shop(`${PRODUCTS}/products`, '&ids=SKU-0004,NOPE,SKU-0005,TEE-MASTER');
    expect(many.status, many.text).toBe(200);
    expect(many.body).toMatchObject({ limit: 2, total: 2 });
    expect(many.body.data.map((p: { id: string }) => p.id)).toEqual(['SKU-0004', 'TEE-MASTER']);
    const alone = await shop(`${PRODUCTS}/products/SKU-0005`);
    expect(alone.status).toBe(404);
    expect(alone.body.type).toMatch(/product-not-found$/);
    const ids = async (expand: string) => {
      const res = await shop(AVAILABILITY, `&productIds=TEE-MASTER,SKU-0005,SKU-0004${expand}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.total).toBe(res.body.data.length);
      return res.body.data.map((d: { id: string }) => d.id);
    };
    expect(await ids('')).toEqual(['TEE-MASTER', 'SKU-0004']);
    expect(await ids('&expand=variations')).toEqual(['TEE-MASTER', 'SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0004']);
  });
});

// Boston and Denver as the demo stores stand (fixtures/parts/b2c.ts); the great-circle distance on a 6371 km sphere.
const BOS = { lat: 42.3588, lon: -71.0578 };
const DEN = { lat: 39.7456, lon: -104.9916 };
function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
const KM = haversineKm(BOS, DEN);
const MI = KM / 1.609344;

describe('stores', () => {
  type Hit = { id: string; distance: number; distanceUnit: string };
  const search = async (query: string) => {
    const res = await shop(`${STORES}/store-search`, query);
    expect(res.status, res.text).toBe(200);
    return { total: res.body.total as number, hits: (res.body.data ?? []) as Hit[], body: res.body };
  };

  it('stores?ids answers the known stores with their list and place', async () => {
    const res = await shop(`${STORES}/stores`, '&ids=store-bos,store-den,unknown');
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ id: 'store-bos', inventoryId: 'STORE-BOS', latitude: BOS.lat, longitude: BOS.lon, postalCode: '02108', countryCode: 'US' }),
      expect.objectContaining({ id: 'store-den', inventoryId: 'STORE-DEN', latitude: DEN.lat, longitude: DEN.lon, postalCode: '80202', countryCode: 'US' }),
    ]);
  });

  it('finds the stores nearest a postal code, Boston at 0 and Denver a continent away', async () => {
    expect(KM).toBeGreaterThan(2800);
    expect(KM).toBeLessThan(2860);
    const { total, hits } = await search('&countryCode=US&postalCode=02108');
    expect(total).toBe(2);
    expect(hits.map((h) => [h.id, h.distanceUnit])).toEqual([['store-bos', 'km'], ['store-den', 'km']]);
    expect(hits[0]!.distance).toBe(0);
    expect(Math.abs(hits[1]!.distance - KM)).toBeLessThan(1);
    const miles = await search('&countryCode=US&postalCode=02108&distanceUnit=mi');
    expect(miles.hits[1]).toMatchObject({ id: 'store-den', distanceUnit: 'mi' });
    expect(Math.abs(miles.hits[1]!.distance - MI)).toBeLessThan(1);
  });

  it.each([
    ['maxDistance=100', ['store-bos'], 1],
    ['maxDistance=3000', ['store-bos', 'store-den'], 2],
    ['maxDistance=1000&distanceUnit=mi', ['store-bos'], 1],
    ['maxDistance=1800&distanceUnit=mi', ['store-bos', 'store-den'], 2],
    ['limit=1', ['store-bos'], 2],
    ['limit=1&offset=1', ['store-den'], 2],
    ['offset=2', [], 2],
  ])('from 02108, %s', async (query, ids, total) => {
    const found = await search(`&countryCode=US&postalCode=02108&${query}`);
    expect(found.hits.map((h) => h.id)).toEqual(ids);
    expect(found.total).toBe(total);
  });

  it('searches around coordinates', async () => {
    const { hits } = await search(`&countryCode=US&latitude=${DEN.lat}&longitude=${DEN.lon}`);
    expect(hits.map((h) => h.id)).toEqual(['store-den', 'store-bos']);
    expect(hits[0]!.distance).toBe(0);
    expect(Math.abs(hits[1]!.distance - KM)).toBeLessThan(1);
  });

  it('an unknown postal code finds nothing', async () => {
    const { total, hits } = await search('&countryCode=US&postalCode=99999');
    expect(total).toBe(0);
    expect(hits).toEqual([]);
  });

  const toronto = { name: 'Toronto', city: 'Toronto', country_code: 'CA', latitude: 43.6532, longitude: -79.3832, postal_code: 'M5H 2N2' };
  const near = `&latitude=${toronto.latitude}&longitude=${toronto.longitude}`;
  it('a postal code is looked up in its country', async () => {
    expect((await w.data('put', `/sites/${SITE}/stores/x-ca`, toronto)).status).toBe(200);
    expect((await search('&countryCode=CA&postalCode=M5H%202N2')).hits.map((h) => [h.id, h.distance])).toEqual([['x-ca', 0]]);
    expect((await search('&countryCode=US&postalCode=M5H%202N2')).total).toBe(0);
    expect((await search('&countryCode=CA&postalCode=02108')).total).toBe(0);
    expect((await search('&countryCode=US&postalCode=02108')).hits.map((h) => h.id)).toEqual(['store-bos', 'store-den']);
  });

  // searchStores (shopper-stores OAS 1.3.0): "If coordinates are passed, the values for country and postal code are
  // ignored"; countryCode "is required when a postalCode is provided" (required: false).
  it('coordinates ignore countryCode, which they do not need', async () => {
    expect((await w.data('put', `/sites/${SITE}/stores/x-ca`, toronto)).status).toBe(200);
    for (const country of ['&countryCode=US', '&countryCode=CA', '']) {
      const { hits } = await search(`${country}${near}`);
      expect(hits.map((h) => h.id), country || 'no countryCode').toEqual(['x-ca', 'store-bos', 'store-den']);
    }
  });

  it('latitude without longitude is a 400', async () => {
    const res = await shop(`${STORES}/store-search`, `&countryCode=US&latitude=${BOS.lat}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('OCI stock', () => {
  let oci: Bm;
  let guest = '';
  let switched = false;
  const inOci = async () => {
    if (!switched) expect((await setMode(oci, 'OCI')).status).toBe(200);
    switched = true;
  };
  const SKUS = ['SKU-0001', 'SKU-0005', 'SKU-0012', 'SKU-0019', 'SKU-0024'];
  const inventory = async (sku: string, query = '') => {
    const res = await oci.run.http.get(`${PRODUCTS}/products/${sku}?siteId=${SITE}${query}`).set('Authorization', `Bearer ${guest}`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  beforeAll(async () => {
    oci = await fresh({});
    guest = await guestToken(oci.run);
    const ocapi = await tokenFor(oci.run.http, 'mail', DEMO.accountManager.ocapiClient);
    const put = await oci.run.http.put('/s/-/dw/data/v25_6/inventory_lists/US-ONLINE/product_inventory_records/SKU-0005').set('Authorization', `Bearer ${ocapi}`).send({ allocation: { amount: 7 } });
    expect(put.status, put.text).toBe(200);
    expect((await setMode(oci, 'OCI_CACHE')).status).toBe(200);
    await catchUp(oci.run.emulator);
  });
  afterAll(() => oci?.run.close());

  it('OCI Cache Enabled still shows the native figures', async () => {
    expect((await inventory('SKU-0005')).inventory).toEqual({ id: 'US-ONLINE', ats: 7, stockLevel: 7, orderable: true, backorderable: false, preorderable: false });
    expect((await inventory('SKU-0001')).inventory).toMatchObject({ ats: 0, orderable: false });
  });

  it.each(SKUS)('Omnichannel Inventory shows the cached ATO/ATF of %s', async (sku) => {
    await inOci();
    const cached = oci.run.emulator.services.b2c!.ociCache.record(TENANT, 'US-ONLINE', sku)!;
    const group = oci.run.emulator.services.oci!.domain.query.group(TENANT_GROUP, 'US-ONLINE', sku)!;
    expect([cached.ato, cached.atf]).toEqual([group.ato, group.atf]);
    const earliest = group.futures.map((f) => f.expectedDate).sort()[0];
    const p = await inventory(sku, '&inventoryIds=STORE-BOS');
    expect(p.inventory).toEqual({
      id: 'US-ONLINE',
      ats: group.ato,
      stockLevel: group.atf,
      orderable: group.ato > 0,
      backorderable: group.futures.length > 0,
      preorderable: false,
      ...(earliest ? { inStockDate: `${earliest.slice(0, 10)}T00:00:00.000Z` } : {}),
    });
    const store = oci.run.emulator.services.b2c!.ociCache.record(TENANT, 'STORE-BOS', sku);
    expect(store).toBeDefined();
    expect(p.inventories[0]).toMatchObject({ id: 'STORE-BOS', ats: store!.ato, stockLevel: store!.atf });
  });

  it('SKU-0005 in OCI mode: two futures, in stock on the earlier one', async () => {
    await inOci();
    expect((await inventory('SKU-0005')).inventory).toMatchObject({ ats: 361, stockLevel: 279, backorderable: true, inStockDate: '2026-02-01T00:00:00.000Z' });
  });
});
