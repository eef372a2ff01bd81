import { beforeAll, describe, expect, it } from 'vitest';
import { expectControlError, fresh, KINDS, OVERSELL, PHYSICAL, physicalWorld, type Kind } from './support.js';

// Hostile input on every route of the physical world and the oversell page, answered in the control dialect and
// never with a 500: malformed events alone and in batches, bodies that are not JSON, duplicate orders, bad
// queries, wrong methods; and ids from users (SKUs, order references, channels named like Object.prototype
// members) that stay plain ids.

describe('the physical world over HTTP', () => {
  const { run, seq, post, ok, cells, cell, oversell, ociOnHand, reserve, journaled } = physicalWorld();

  describe('hostile input on every route, in the control dialect, never a 500', () => {
    // Counts have a SKU of their own; the others share one with stock enough for every valid event sent.
    const sku = 'HOSTILE-1';
    beforeAll(async () => {
      await ok('receipts', { location: 'WH-EAST', sku, quantity: 1_000_000 });
    });
    const valid: Record<Kind, () => Record<string, unknown>> = {
      counts: () => ({ location: 'WH-EAST', sku: 'HOSTILE-C', onHand: 1 }),
      receipts: () => ({ location: 'WH-EAST', sku, quantity: 1 }),
      shipments: () => ({ location: 'WH-EAST', sku, quantity: 1 }),
      'pos-sales': () => ({ location: 'WH-EAST', sku, quantity: 1 }),
      orders: () => ({ orderRef: fresh('hostile'), place: 'WH-EAST', lines: [{ sku, quantity: 1 }] }),
    };
    const amount = (kind: Kind) => (kind === 'counts' ? 'onHand' : 'quantity');
    type Case = [label: string, body: (kind: Kind) => unknown, status: number, code: string, message?: RegExp];
    const set = (field: string, value: unknown) => (kind: Kind) => ({ ...valid[kind](), [field]: value });
    const without = (field: string) => (kind: Kind) => {
      const e = valid[kind]();
      delete e[field];
      return e;
    };
    const onAmount = (value: unknown) => (kind: Kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku, quantity: value }] } : { ...valid[kind](), [amount(kind)]: value });
    const common: Case[] = [
      ['a JSON array', () => [], 400, 'VALIDATION_FAILED', /one event/],
      ['JSON null', () => null, 400, 'VALIDATION_FAILED', /one event/],
      ['an empty object', () => ({}), 400, 'VALIDATION_FAILED'],
      ['an unknown field', set('note', 'x'), 400, 'VALIDATION_FAILED', /note/],
      ['a field named __proto__', (kind) => JSON.parse(JSON.stringify({ ...valid[kind]() }).replace(/^\{/, '{"__proto__":{"onHand":5},')), 400, 'VALIDATION_FAILED'],
      ['a field named constructor', set('constructor', 'x'), 400, 'VALIDATION_FAILED', /constructor/],
      ['tenantGroupId empty', set('tenantGroupId', ''), 400, 'VALIDATION_FAILED', /tenantGroupId is empty/],
      ['tenantGroupId a number', set('tenantGroupId', 5), 400, 'VALIDATION_FAILED', /tenantGroupId must be a string/],
      ['tenantGroupId longer than 128', set('tenantGroupId', 't'.repeat(129)), 400, 'VALIDATION_FAILED', /longer than 128/],
      ['tenantGroupId unknown', set('tenantGroupId', 'no-such-group'), 404, 'UNKNOWN_TENANT_GROUP', /no-such-group/],
      ['tenantGroupId __proto__', set('tenantGroupId', '__proto__'), 404, 'UNKNOWN_TENANT_GROUP'],
      ['a negative amount', onAmount(-1), 400, 'VALIDATION_FAILED', /negative|above 0/],
      ['an amount as a string', onAmount('3'), 400, 'VALIDATION_FAILED', /must be a number/],
      ['"NaN"', onAmount('NaN'), 400, 'VALIDATION_FAILED', /must be a number/],
      ['"Infinity"', onAmount('Infinity'), 400, 'VALIDATION_FAILED', /must be a number/],
      ['an amount of null', onAmount(null), 400, 'VALIDATION_FAILED', /must be a number/],
      ['an amount as a list', onAmount([1]), 400, 'VALIDATION_FAILED', /must be a number/],
      ['an amount above 1e9', onAmount(1e10), 400, 'VALIDATION_FAILED', /above 1000000000/],
      ['sku empty', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: '', quantity: 1 }] } : set('sku', '')(kind)), 400, 'VALIDATION_FAILED', /sku is empty/],
      ['sku a number', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: 5, quantity: 1 }] } : set('sku', 5)(kind)), 400, 'VALIDATION_FAILED', /sku must be a string/],
      ['sku longer than 128', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: 's'.repeat(129), quantity: 1 }] } : set('sku', 's'.repeat(129))(kind)), 400, 'VALIDATION_FAILED', /longer than 128/],
      ['sku with a NUL', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: 'a\u0000b', quantity: 1 }] } : set('sku', 'a\u0000b')(kind)), 400, 'VALIDATION_FAILED', /control characters/],
      ['sku with a newline', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: 'a\nb', quantity: 1 }] } : set('sku', 'a\nb')(kind)), 400, 'VALIDATION_FAILED', /control characters/],
      ['sku with an escape', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: '\u001b[31m', quantity: 1 }] } : set('sku', '\u001b[31m')(kind)), 400, 'VALIDATION_FAILED', /control characters/],
    ];
    const atLocation: Case[] = [
      ['zero quantity', onAmount(0), 400, 'VALIDATION_FAILED', /above 0/],
      ['no location', without('location'), 400, 'VALIDATION_FAILED', /location/],
      ['location empty', set('location', ''), 400, 'VALIDATION_FAILED', /location is empty/],
      ['location a number', set('location', 7), 400, 'VALIDATION_FAILED', /location must be a string/],
      ['location longer than 128', set('location', 'L'.repeat(129)), 400, 'VALIDATION_FAILED', /longer than 128/],
      ['location with a tab', set('location', 'WH-EAST\t'), 400, 'VALIDATION_FAILED', /control characters/],
      ['location unknown', set('location', 'NOWHERE'), 404, 'UNKNOWN_LOCATION', /NOWHERE/],
      ['location a group', set('location', 'US-ONLINE'), 404, 'UNKNOWN_LOCATION'],
      ['location __proto__', set('location', '__proto__'), 404, 'UNKNOWN_LOCATION'],
      ['location constructor', set('location', 'constructor'), 404, 'UNKNOWN_LOCATION'],
      ['location in another case', set('location', 'wh-east'), 404, 'UNKNOWN_LOCATION'],
    ];
    const orders: Case[] = [
      ['zero quantity', onAmount(0), 400, 'VALIDATION_FAILED', /above 0/],
      ['no orderRef', without('orderRef'), 400, 'VALIDATION_FAILED', /orderRef/],
      ['orderRef empty', set('orderRef', ''), 400, 'VALIDATION_FAILED', /orderRef is empty/],
      ['orderRef a number', set('orderRef', 42), 400, 'VALIDATION_FAILED', /orderRef must be a string/],
      ['orderRef longer than 128', set('orderRef', 'o'.repeat(129)), 400, 'VALIDATION_FAILED', /longer than 128/],
      ['orderRef with a control character', set('orderRef', 'o\u0007'), 400, 'VALIDATION_FAILED', /control characters/],
      ['channel empty', set('channel', ''), 400, 'VALIDATION_FAILED', /channel is empty/],
      ['channel a list', set('channel', ['web']), 400, 'VALIDATION_FAILED', /channel must be a string/],
      ['channel with a carriage return', set('channel', 'web\r'), 400, 'VALIDATION_FAILED', /control characters/],
      ['no place', without('place'), 400, 'VALIDATION_FAILED', /place/],
      ['place empty', set('place', ''), 400, 'VALIDATION_FAILED', /place is empty/],
      ['place unknown', set('place', 'NOWHERE'), 404, 'UNKNOWN_PLACE', /NOWHERE/],
      ['place toString', set('place', 'toString'), 404, 'UNKNOWN_PLACE'],
      ['place __proto__', set('place', '__proto__'), 404, 'UNKNOWN_PLACE'],
      ['no lines', without('lines'), 400, 'VALIDATION_FAILED', /lines/],
      ['lines empty', set('lines', []), 400, 'VALIDATION_FAILED', /lines is empty/],
      ['lines a string', set('lines', 'SKU x1'), 400, 'VALIDATION_FAILED', /lines must be a list/],
      ['51 lines', set('lines', Array.from({ length: 51 }, (_, i) => ({ sku: `S-${i}`, quantity: 1 }))), 400, 'VALIDATION_FAILED', /more than 50/],
      ['a line with an unknown field', set('lines', [{ sku, quantity: 1, price: 3 }]), 400, 'VALIDATION_FAILED', /price/],
      ['a line without a quantity', set('lines', [{ sku }]), 400, 'VALIDATION_FAILED', /quantity/],
      ['a line that is a number', set('lines', [3]), 400, 'VALIDATION_FAILED'],
    ];
    const counts: Case[] = [['no onHand', without('onHand'), 400, 'VALIDATION_FAILED', /onHand/]];
    const movement: Case[] = [['no quantity', without('quantity'), 400, 'VALIDATION_FAILED', /quantity/]];
    const table: [Kind, ...Case][] = KINDS.flatMap((kind) =>
      [...common, ...(kind === 'orders' ? orders : atLocation.filter(([label]) => kind !== 'counts' || label !== 'zero quantity')), ...(kind === 'counts' ? counts : kind === 'orders' ? [] : movement)].map((c): [Kind, ...Case] => [kind, ...c]),
    );

    it.each(table)('POST %s: %s → %i %s', async (kind, _label, body, status, code, message) => {
      const since = seq();
      const res = await post(kind, body(kind));
      expectControlError(res, status, code);
      if (message) expect(res.body.message).toMatch(message);
      expect(journaled(since)).toEqual([]);
      expect(journaled(since, 'oversell.*')).toEqual([]);
      // The same event in a batch: a malformed one is the whole call's 400 naming it; a refused one is listed.
      const batch = await post(kind, { events: [valid[kind](), body(kind)] });
      if (status === 400) {
        expectControlError(batch, 400, code);
        expect(batch.body.message).toMatch(/^events\[1\]/);
      } else {
        expect(batch.status, batch.text).toBe(200);
        expect(batch.body.refused).toEqual([{ index: 1, code, message: expect.any(String) }]);
      }
    });

    // Quantities carry three decimals, as OCI's do (accounting/model.ts): a finer amount would be rounded away (a
    // receipt of 0.0001 changing nothing, an order of 0.0001 oversold with a cause of 0 units), so it is refused.
    it('an amount with more than three decimals → 400 (quantities carry three decimals), on every route', async () => {
      const tiny = fresh();
      await ok('counts', { location: 'WH-EAST', sku: tiny, onHand: 1 });
      for (const kind of KINDS) {
        const body = kind === 'orders' ? { orderRef: fresh('tiny'), place: 'WH-EAST', lines: [{ sku: tiny, quantity: 0.0001 }] } : { location: 'WH-EAST', sku: tiny, [amount(kind)]: 1.0001 };
        const res = await post(kind, body);
        expect(res.status, `${kind}: ${res.text}`).toBe(400);
        expectControlError(res, 400, 'VALIDATION_FAILED');
      }
    });

    it('a count of 0 is a count (an empty shelf), not a refusal', async () => {
      const zero = fresh();
      await ok('counts', { location: 'WH-EAST', sku: zero, onHand: 0 });
      expect(await cell('WH-EAST', zero)).toMatchObject({ onHand: 0, anchor: 'count' });
    });

    it.each(KINDS)('POST %s: a body that is not JSON → 415; malformed JSON → 400', async (kind) => {
      const text = JSON.stringify(valid[kind]());
      expectControlError(await run.http.post(`${PHYSICAL}/${kind}`).set('Content-Type', 'text/plain').send(text), 415);
      expectControlError(await run.http.post(`${PHYSICAL}/${kind}`).type('form').send({ location: 'WH-EAST', sku, quantity: '1' }), 415);
      for (const raw of ['{"location":', '{"location":"WH-EAST",}', `{"location":"WH-EAST","sku":"${sku}","quantity":NaN}`, `{"location":"WH-EAST","sku":"${sku}","onHand":Infinity}`, "{'location':'WH-EAST'}", `{"events":${'['.repeat(1200)}${']'.repeat(1200)}}`]) {
        const res = await run.http.post(`${PHYSICAL}/${kind}`).set('Content-Type', 'application/json').send(raw);
        expectControlError(res, 400);
      }
      // A number too large for a double parses as Infinity: refused, not stored.
      const huge = JSON.stringify(valid[kind]()).replace(/("onHand"|"quantity"):1/, '$1:1e309');
      const res = await run.http.post(`${PHYSICAL}/${kind}`).set('Content-Type', 'application/json').send(huge);
      expectControlError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(/must be a number|finite/);
    });

    it('a channel order whose reference its channel already used → 409 DUPLICATE_ORDER; another channel may use it', async () => {
      const ref = fresh('dup');
      const order = { orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 1 }] };
      await ok('orders', order);
      const res = await post('orders', order);
      expectControlError(res, 409, 'DUPLICATE_ORDER');
      expect(res.body.message).toContain(ref);
      expectControlError(await post('orders', { ...order, channel: 'other' }), 409, 'DUPLICATE_ORDER');
      await ok('orders', { ...order, channel: 'call-centre' });
      expectControlError(await post('orders', { ...order, channel: 'call-centre', lines: [{ sku, quantity: 2 }] }), 409, 'DUPLICATE_ORDER');
    });

    it.each([
      [PHYSICAL, 'tenantGroupId=a&tenantGroupId=b', /tenantGroupId must be given once/],
      [PHYSICAL, 'location=WH-EAST&location=WH-WEST', /location must be given once/],
      [PHYSICAL, 'sku=a&sku=b', /sku must be given once/],
      [PHYSICAL, 'sku[x]=a', /sku must be given once/],
      [PHYSICAL, 'limit=1&limit=2', /limit must be given once/],
      [PHYSICAL, 'location=', /location is empty/],
      [OVERSELL, 'place=WH-EAST&place=WH-WEST', /place must be given once/],
      [OVERSELL, 'sku=a&sku=b', /sku must be given once/],
      [OVERSELL, 'tenantGroupId=a&tenantGroupId=b', /tenantGroupId must be given once/],
      [OVERSELL, 'format=json&format=text', /format/],
      [OVERSELL, 'format=xml', /format must be 'json' or 'text'/],
      [OVERSELL, 'sku=', /sku is empty/],
      ...['0', '-1', 'x', '1.5', '1e3', '', '%205', '10000000', '0x10'].flatMap((limit) => [
        [PHYSICAL, `limit=${limit}`, /limit must be an integer/],
        [OVERSELL, `limit=${limit}`, /limit must be an integer/],
      ]),
    ] as [string, string, RegExp][])('GET %s?%s → 400', async (path, query, message) => {
      const res = await run.http.get(`${path}?${query}`);
      expectControlError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(message);
    });

    it('GET /__emulator/physical for a tenant group that does not exist → 404 UNKNOWN_TENANT_GROUP', async () => {
      for (const tenantGroupId of ['no-such-group', '__proto__', 'constructor']) {
        expectControlError(await run.http.get(PHYSICAL).query({ tenantGroupId }), 404, 'UNKNOWN_TENANT_GROUP');
      }
    });

    it.each([
      ...KINDS.map((kind) => [`${PHYSICAL}/${kind}`, 'POST', ['get', 'put', 'patch', 'delete']] as const),
      [PHYSICAL, 'GET', ['post', 'put', 'patch', 'delete']] as const,
      [OVERSELL, 'GET', ['post', 'put', 'patch', 'delete']] as const,
      [`${OVERSELL}/causes`, 'GET', ['post', 'put', 'patch', 'delete']] as const,
    ])('%s answers only %s: 405 with Allow', async (path, allow, methods) => {
      for (const method of methods) {
        const res = await run.http[method](path).send({});
        expectControlError(res, 405, 'MethodNotAllowed');
        expect(res.headers.allow, `${method} ${path}`).toBe(allow);
      }
    });
  });

  describe('ids from users are only ids', () => {
    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a SKU named %s is counted, ordered, shown and filtered on', async (sku) => {
      const location = 'STORE-DEN';
      await ok('counts', { location, sku, onHand: 2 });
      expect(await cells({ sku, location })).toEqual({ cells: [expect.objectContaining({ sku, location, onHand: 2, anchor: 'count' })], truncated: false });
      const ref = fresh(`ref-${sku}`);
      await ok('orders', { orderRef: ref, place: location, lines: [{ sku, quantity: 3 }] });
      expect(await cell(location, sku)).toMatchObject({ onHand: 2, claimed: 3, free: -1, oci: { unknownOrders: { 'stale-oci-data': 3 } } });
      const page = await oversell({ sku });
      expect(page.timeline).toEqual([expect.objectContaining({ orderRef: ref, sku, place: location, oversold: 1, causes: { 'stale-oci-data': 1 } })]);
      expect(page.bySkuAndPlace).toEqual([expect.objectContaining({ sku, place: location, orders: 1, oversoldUnits: 1 })]);
    });

    it.each(['__proto__', 'constructor', 'toString', 'valueOf'])('an orderRef and a channel named %s are plain ids (one order each, then a duplicate)', async (name) => {
      const sku = fresh();
      await ok('counts', { location: 'STORE-DEN', sku, onHand: 1 });
      await ok('orders', { orderRef: name, channel: name, place: 'STORE-DEN', lines: [{ sku, quantity: 2 }] });
      expectControlError(await post('orders', { orderRef: name, channel: name, place: 'STORE-DEN', lines: [{ sku, quantity: 1 }] }), 409, 'DUPLICATE_ORDER');
      const page = await oversell({ sku });
      expect(page.timeline).toEqual([expect.objectContaining({ orderRef: name, source: `channel:${name}`, oversold: 1 })]);
      expect(page.totals).toEqual({ orders: 1, units: 2, oversoldOrders: 1, oversoldUnits: 1, backorderedUnits: 0 });
    });

    it('filters named like Object.prototype members match nothing rather than everything', async () => {
      for (const name of ['__proto__', 'constructor', 'toString']) {
        expect((await cells({ location: name })).cells).toEqual([]);
        expect(await oversell({ place: name })).toMatchObject({ totals: { orders: 0, units: 0, oversoldOrders: 0, oversoldUnits: 0 }, byCause: [], bySkuAndPlace: [], timeline: [] });
      }
    });

    it('a reservation naming an order `constructor` clears its unknown units', async () => {
      const sku = fresh();
      await ociOnHand('WH-WEST', sku, 5);
      await ok('orders', { orderRef: 'constructor', channel: 'proto-test', place: 'WH-WEST', lines: [{ sku, quantity: 2 }] });
      expect((await cell('WH-WEST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 2 });
      expect((await reserve('constructor', { location: 'WH-WEST' }, [{ sku, quantity: 2 }])).success).toBe(true);
      expect((await cell('WH-WEST', sku))!.oci.unknownOrders).toEqual({});
    });
  });
});
