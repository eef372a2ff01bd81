import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { schemaCheck } from '../helpers/specs.js';

// The instance's product catalog through OCAPI Data: the demo products (one per OCI SKU, and a master whose
// variants are the first three SKUs), products a test creates, changes and deletes, and product search; every
// answer against the Data API 25.6 spec, every bad input a fault that changes nothing.

const DATA = '/s/-/dw/data/v25_6';
const SPEC = 'ocapi/data-api-25.6.json';
let run: Running;
let token: string;
beforeAll(async () => {
  run = await startEmulator();
  token = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
});
afterAll(() => run.close());

const call = (method: 'get' | 'put' | 'patch' | 'delete' | 'post', path: string, body?: unknown) => {
  const req = run.http[method](`${DATA}${path}`).set('Authorization', `Bearer ${token}`);
  return body === undefined ? req : req.send(body as object);
};
const validates = schemaCheck(SPEC);
const search = (body: unknown) => call('post', '/product_search', body);

describe('the demo catalog', () => {
  it('has a product for every OCI SKU, named and priced, in OCAPI’s product document', async () => {
    const res = await call('get', '/products/SKU-0010');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ _type: 'product', id: 'SKU-0010', online: true, online_flag: { default: true }, price_currency: 'USD', type: { item: true } });
    expect(res.body.name.default).toMatch(/\w/);
    expect(res.body.price).toBeGreaterThan(0);
    validates('product', res.body);
    expect((await search({ query: { match_all_query: {} }, count: 1 })).body.total).toBe(DEMO.skus + 1);
  });

  it('has a master whose variants are SKUs, by color and size, linked both ways', async () => {
    const master = (await call('get', '/products/TEE-MASTER')).body;
    expect(master).toMatchObject({ type: { master: true }, variants: [{ product_id: 'SKU-0001' }, { product_id: 'SKU-0002' }, { product_id: 'SKU-0003' }] });
    expect(master.variation_attributes.map((a: { id: string }) => a.id)).toEqual(['color', 'size']);
    validates('product', master);
    const variant = (await call('get', '/products/SKU-0002')).body;
    expect(variant).toMatchObject({ type: { variant: true }, master: { master_id: 'TEE-MASTER' }, variation_values: { color: 'white', size: 'M' } });
    validates('product', variant);
  });
});

describe('products a client makes', () => {
  it('PUT creates an item, GET reads it, PATCH changes what it names, DELETE removes it', async () => {
    const put = await call('put', '/products/GIFT-CARD-25', { id: 'GIFT-CARD-25', name: { default: 'Gift card' }, price: 25, price_currency: 'EUR', online_flag: { default: false } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: 'GIFT-CARD-25', name: { default: 'Gift card' }, price: 25, price_currency: 'EUR', online: false, type: { item: true } });
    validates('product', put.body);
    expect(run.emulator.journal.query({ kind: 'event', type: 'b2c.product.created' }).map((e) => (e as EventEntry).data.productId)).toContain('GIFT-CARD-25');
    expect((await call('patch', '/products/GIFT-CARD-25', { price: 30 })).body).toMatchObject({ price: 30, name: { default: 'Gift card' } });
    expect((await call('get', '/products/GIFT-CARD-25')).body.price).toBe(30);
    expect((await call('delete', '/products/GIFT-CARD-25')).status).toBe(204);
    const gone = await call('get', '/products/GIFT-CARD-25');
    expect([gone.status, gone.body.fault.type]).toEqual([404, 'ProductNotFoundException']);
  });

  it('PUT clears and overwrites an existing product; PATCH refuses an id that is not the path’s', async () => {
    await call('put', '/products/ZZ-REPLACED-1', { name: { default: 'One' }, price: 10, brand: 'Acme', online_flag: { default: false } });
    const again = await call('put', '/products/ZZ-REPLACED-1', { name: { default: 'Two' } });
    expect(again.body).toMatchObject({ name: { default: 'Two' }, price: 0, online: true });
    expect(again.body.brand).toBeUndefined();
    const conflict = await call('patch', '/products/ZZ-REPLACED-1', { id: 'OTHER', price: 1 });
    expect([conflict.status, conflict.body.fault.type]).toEqual([400, 'IdConflictException']);
    expect((await call('get', '/products/ZZ-REPLACED-1')).body.price).toBe(0);
  });

  it('an id named __proto__ or constructor is just an id', async () => {
    for (const id of ['__proto__', 'constructor']) {
      expect((await call('put', `/products/${id}`, { name: { default: id } })).status).toBe(200);
      expect((await call('get', `/products/${id}`)).body).toMatchObject({ id, name: { default: id } });
    }
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });

  it('deleting the master takes its variants; the variants’ SKUs no longer have products', async () => {
    const fresh = await startEmulator();
    try {
      const t = await tokenFor(fresh.http, 'mail', DEMO.accountManager.ocapiClient);
      const get = (id: string) => fresh.http.get(`${DATA}/products/${id}`).set('Authorization', `Bearer ${t}`);
      expect((await fresh.http.delete(`${DATA}/products/TEE-MASTER`).set('Authorization', `Bearer ${t}`)).status).toBe(204);
      for (const id of ['TEE-MASTER', 'SKU-0001', 'SKU-0003']) expect((await get(id)).status).toBe(404);
      expect((await get('SKU-0004')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it.each([
    ['an id in the body that differs from the path', 'put', '/products/P-1', { id: 'P-2' }, 400],
    ['an id over 100 characters', 'put', `/products/${'x'.repeat(101)}`, {}, 400],
    ['a negative price', 'put', '/products/P-1', { price: -1 }, 400],
    ['a currency that is no code', 'put', '/products/P-1', { price_currency: 'dollars' }, 400],
    ['a name that is no localized object', 'put', '/products/P-1', { name: 'Shirt' }, 400],
    ['a PATCH of a missing product', 'patch', '/products/NOPE', { price: 1 }, 404],
    ['a DELETE of a missing product', 'delete', '/products/NOPE', undefined, 404],
  ] as const)('%s is refused in OCAPI’s fault, nothing changed', async (_case, method, path, body, status) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(status);
    expect(res.body.fault.type).toMatch(/Exception$/);
    expect((await call('get', '/products/P-1')).status).toBe(404);
  });
});

describe('product search', () => {
  it('match_all pages through every product in id order; term_query one_of finds ids; text_query matches id or name', async () => {
    const first = await search({ query: { match_all_query: {} }, start: 0, count: 5 });
    expect(first.body).toMatchObject({ _type: 'product_search_result', count: 5, start: 0 });
    expect(first.body.hits.map((h: { id: string }) => h.id)).toEqual(['SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0004', 'SKU-0005']);
    validates('product_search_result', first.body);
    const ids = await search({ query: { term_query: { fields: ['id'], operator: 'one_of', values: ['SKU-0007', 'NOPE', 'SKU-0002'] } } });
    expect(ids.body.hits.map((h: { id: string }) => h.id)).toEqual(['SKU-0002', 'SKU-0007']);
    const tee = await search({ query: { text_query: { fields: ['name'], search_phrase: 'cotton tee' } } });
    expect(tee.body.hits.map((h: { id: string }) => h.id)).toEqual(['SKU-0001', 'SKU-0002', 'SKU-0003', 'TEE-MASTER']);
    expect((await search({ query: { text_query: { fields: ['id'], search_phrase: 'sku-002' } } })).body.total).toBe(5);
  });

  it.each([
    ['no query', {}],
    ['two queries at once', { query: { match_all_query: {}, text_query: { fields: ['id'], search_phrase: 'x' } } }],
    ['an unknown field', { query: { text_query: { fields: ['brand'], search_phrase: 'x' } } }],
    ['is with two values', { query: { term_query: { fields: ['id'], operator: 'is', values: ['a', 'b'] } } }],
    ['count 0', { query: { match_all_query: {} }, count: 0 }],
    ['count 201', { query: { match_all_query: {} }, count: 201 }],
  ])('%s is a 400 fault', async (_case, body) => {
    const res = await search(body);
    expect(res.status).toBe(400);
    expect(res.body.fault.type).toBe('MalformedParameterException');
  });
});
