import { describe, expect, it } from 'vitest';
import { isoDate, isoDateTime } from '../../emulator/b2c/time.js';
import { b2cWorld, inventoryXml } from './helpers.js';

// Every time B2C takes in is a real date and time or a clear error in the API's words (an OCAPI fault, a
// [SCHEMAERROR] in an import's log), never a 500 and never stored.

describe('isoDateTime and isoDate', () => {
  it.each([
    ['2026-03-02T09:00:00Z', '2026-03-02T09:00:00.000Z'],
    ['2026-03-02T09:00:00.5Z', '2026-03-02T09:00:00.500Z'],
    ['2026-03-02T09:00:00.123456789Z', '2026-03-02T09:00:00.123Z'],
    ['2026-03-02T11:30:00+02:30', '2026-03-02T09:00:00.000Z'],
    ['2026-03-01T23:00:00-10:00', '2026-03-02T09:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(isoDateTime(text)).toBe(iso);
  });

  it.each([
    '2026-13-99T99:99:99Z',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T09:60:00Z',
    '2026-03-02T09:00:60Z',
    '2026-03-02T09:00:00+15:00',
    '2026-03-02T09:00:00+14:30',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-03-02',
    '2026-03-02 09:00:00Z',
    'March 2, 2026',
    '1',
    '',
    `2026-03-02T09:00:00.${'1'.repeat(100)}Z`,
  ])('%s is refused', (text) => {
    expect(isoDateTime(text)).toBeUndefined();
  });

  it('needs an offset only when asked to; dates are whole days', () => {
    expect(isoDateTime('2026-03-02T09:00:00')).toBe('2026-03-02T09:00:00.000Z');
    expect(isoDateTime('2026-03-02T09:00:00', { offsetRequired: true })).toBeUndefined();
    expect(isoDate('2026-04-15')).toBe('2026-04-15T00:00:00.000Z');
    expect(isoDate('2026-02-30')).toBeUndefined();
    expect(isoDate('2026-4-15')).toBeUndefined();
  });
});

const { data, dav, saveJob, runJob, log } = b2cWorld();
const record = (method: 'get' | 'put' | 'patch', product: string, body?: object) => data(method, `/inventory_lists/STORE-BOS/product_inventory_records/${product}`, body);

describe('OCAPI date-time fields', () => {
  it.each([
    ['allocation.reset_date', (d: string) => ({ allocation: { amount: 1, reset_date: d } })],
    ['in_stock_date', (d: string) => ({ in_stock_date: d })],
  ])('%s: a date that does not exist is a MalformedParameterException and nothing is stored', async (property, body) => {
    for (const bad of ['2026-13-99T99:99:99Z', '2026-02-30T10:00:00Z', 'March 7, 2026', '1', '2026-03-02T09:00:00']) {
      const res = await record('put', 'TIME-NEW', body(bad));
      expect(res.status, bad).toBe(400);
      expect(res.body.fault).toEqual({ type: 'MalformedParameterException', message: `Property '${property}' must be an ISO 8601 date-time with a time zone, such as 2026-03-02T09:00:00Z.`, arguments: { property: { type: 'string', value: property } } });
      expect((await record('get', 'TIME-NEW')).status).toBe(404);
    }
    await record('put', 'TIME-OLD', { allocation: { amount: 4 } });
    expect((await record('patch', 'TIME-OLD', { allocation: { amount: 9 }, ...body('2026-02-30T10:00:00Z') })).status).toBe(400);
    expect((await record('get', 'TIME-OLD')).body.allocation.amount).toBe(4);
  });

  it('a valid date-time with an offset is stored in UTC', async () => {
    const res = await record('put', 'TIME-OK', { allocation: { amount: 2, reset_date: '2026-03-02T10:00:00+01:00' }, in_stock_date: '2026-04-15T00:00:00-05:00' });
    expect(res.body).toMatchObject({ allocation: { amount: 2, reset_date: '2026-03-02T09:00:00.000Z' }, in_stock_date: '2026-04-15T05:00:00.000Z' });
  });
});

describe('times in an inventory import', () => {
  it.each([
    ['allocation-timestamp', '<allocation>1</allocation><allocation-timestamp>2026-13-99T99:99:99Z</allocation-timestamp>'],
    ['allocation-timestamp', '<allocation>1</allocation><allocation-timestamp>2026-02-30T00:00:00Z</allocation-timestamp>'],
    ['in-stock-datetime', '<in-stock-datetime>+275760-09-13T00:00:00Z</in-stock-datetime>'],
    ['in-stock-date', '<in-stock-date>2026-02-30</in-stock-date>'],
  ])('a bad <%s> fails the file with a log line; nothing is stored', async (element, fields) => {
    const id = `time-${Math.random().toString(36).slice(2, 8)}`;
    await dav('put', `Impex/src/${id}/feed.xml`, inventoryXml('TIME-LIST', `<record product-id="${id}">${fields}</record>`));
    await saveJob(id, [{ type: 'ImportInventoryLists', parameters: { WorkingFolder: id, ImportFailedHandling: 'ERROR' } }]);
    const res = await runJob(id);
    expect(res.status).toBe(200);
    expect(res.body.exit_status).toMatchObject({ status: 'error', code: 'ERROR' });
    expect(await log(id, res.body.id)).toMatch(new RegExp(`ERROR \\[SCHEMAERROR\\] .*<record product-id="${id}"> in list TIME-LIST: <${element}> must be an xsd:date`));
    expect((await data('get', '/inventory_lists/TIME-LIST')).status).toBe(404);
  });
});
