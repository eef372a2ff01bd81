import { beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { DEMO } from '../fixtures/well-known.js';
import { OcapiFault, OcapiInventoryClient } from './consumers/inventory-integration/ocapi-inventory-client.js';
import { describeProviderVerification } from './support/contract-halves.js';
import { freshConsumerPact } from './support/pacts.js';

// The inventory integration (consumer) prepares B2C Commerce (provider) through OCAPI Data: an inventory list
// named after an OCI place, a store selling from it, and reads of native records.

const { eachLike, integer, regex, string, boolean, number } = MatchersV3;

const CONSUMER = 'inventory-integration';
const PROVIDER = 'b2c-commerce';
const DATA = '/s/-/dw/data/v25_6';
const TIMEOUT = 60_000;
const SITE = DEMO.b2c.siteId;

const DEMO_WORLD = 'the demo B2C instance';
const RECORD_EXISTS = 'STORE-BOS holds a native record for SKU-0001 with allocation 12';

const PLACEHOLDER_TOKEN = 'placeholder-account-manager-token';
const AUTH = { Authorization: regex('^Bearer \\S+$', `Bearer ${PLACEHOLDER_TOKEN}`) };
const JSON_TYPE = regex('^application/json(;.*)?$', 'application/json; charset=utf-8');
const ISO = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

const recordDoc = {
  _v: '25.6',
  _type: 'product_inventory_record',
  allocation: { _type: 'product_inventory_record_allocation', amount: number(12) },
  ats: number(12),
  inventory_list_id: 'STORE-BOS',
  perpetual_flag: boolean(false),
  pre_order_back_order_handling: string('none'),
  product_id: 'SKU-0001',
  stock_level: number(12),
};

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  let pact: PactV4;
  beforeAll(() => {
    pact = freshConsumerPact(CONSUMER, PROVIDER);
  });
  const client = (url: string) => new OcapiInventoryClient({ baseUrl: url, accessToken: PLACEHOLDER_TOKEN });

  it('creates an inventory list named after an OCI External Reference', async () => {
    await pact
      .addInteraction()
      .given(DEMO_WORLD)
      .uponReceiving('a PUT of a new inventory list')
      .withRequest('PUT', `${DATA}/inventory_lists/WH-CENTRAL`, (b) => b.headers({ ...AUTH, 'Content-Type': 'application/json' }).jsonBody({ description: 'Central warehouse', default_in_stock: false }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          _v: '25.6',
          _type: 'inventory_list',
          id: 'WH-CENTRAL',
          description: 'Central warehouse',
          default_in_stock: false,
          creation_date: regex(ISO, '2026-03-02T09:00:00.000Z'),
        }),
      )
      .executeTest(async (mock) => {
        expect(await client(mock.url).putInventoryList('WH-CENTRAL', { description: 'Central warehouse', default_in_stock: false })).toMatchObject({ id: 'WH-CENTRAL' });
      });
  });

  it('creates a store selling from a list', async () => {
    await pact
      .addInteraction()
      .given(DEMO_WORLD)
      .uponReceiving('a PUT of a store with its inventory_id')
      .withRequest('PUT', `${DATA}/sites/${SITE}/stores/store-chi`, (b) =>
        b.headers({ ...AUTH, 'Content-Type': 'application/json' }).jsonBody({ name: 'Chicago', city: 'Chicago', country_code: 'US', inventory_id: 'STORE-BOS' }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({ _v: '25.6', _type: 'store', id: 'store-chi', name: 'Chicago', inventory_id: 'STORE-BOS' }))
      .executeTest(async (mock) => {
        expect(await client(mock.url).putStore(SITE, 'store-chi', { name: 'Chicago', city: 'Chicago', country_code: 'US', inventory_id: 'STORE-BOS' })).toMatchObject({ inventory_id: 'STORE-BOS' });
      });
  });

  it('reads a native record', async () => {
    await pact
      .addInteraction()
      .given(RECORD_EXISTS)
      .uponReceiving('a GET of a product inventory record')
      .withRequest('GET', `${DATA}/inventory_lists/STORE-BOS/product_inventory_records/SKU-0001`, (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': JSON_TYPE }).jsonBody(recordDoc))
      .executeTest(async (mock) => {
        expect(await client(mock.url).getRecord('STORE-BOS', 'SKU-0001')).toMatchObject({ product_id: 'SKU-0001', ats: 12 });
      });
  });

  it('pages through a list’s records', async () => {
    await pact
      .addInteraction()
      .given(RECORD_EXISTS)
      .uponReceiving('a GET of a page of product inventory records')
      .withRequest('GET', `${DATA}/inventory_lists/STORE-BOS/product_inventory_records`, (b) => b.headers(AUTH).query({ start: '0', count: '25' }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({ _v: '25.6', _type: 'product_inventory_records', count: integer(1), start: 0, total: integer(1), data: eachLike(recordDoc) }),
      )
      .executeTest(async (mock) => {
        const page = await client(mock.url).listRecords('STORE-BOS');
        expect(page).toMatchObject({ start: 0, total: 1 });
      });
  });

  it('is told an inventory list does not exist, in OCAPI’s fault', async () => {
    await pact
      .addInteraction()
      .given(DEMO_WORLD)
      .uponReceiving('a GET of a record in an unknown list')
      .withRequest('GET', `${DATA}/inventory_lists/NOPE/product_inventory_records/SKU-0001`, (b) => b.headers(AUTH))
      .willRespondWith(404, (b) =>
        b.headers({ 'Content-Type': regex('^application/json(;.*)?$', 'application/json;charset=UTF-8') }).jsonBody({ _v: '25.6', fault: { type: 'InventoryListNotFoundException', message: string("No inventory list with id 'NOPE' exists.") } }),
      )
      .executeTest(async (mock) => {
        await expect(client(mock.url).getRecord('NOPE', 'SKU-0001')).rejects.toBeInstanceOf(OcapiFault);
      });
  });
});

describeProviderVerification({ consumer: CONSUMER, provider: PROVIDER, interactions: 5, timeout: TIMEOUT });
