import { describe, expect, it } from 'vitest';
import { errorsOf, specsAvailable, specValidator } from '../helpers/specs.js';
import { b2cWorld, DAV, NS } from './helpers.js';

// B2C's native inventory import as B2C teams run it: the XML put into IMPEX over WebDAV, a job with the
// ImportInventoryLists step (Business Manager's Jobs page), run and read through OCAPI, its log over WebDAV; the
// ExportInventoryLists step writing the same format back.

const b2c = b2cWorld();
const { data, dav, saveJob: job, runJob, log } = b2c;
const put = (path: string, text: string) => dav('put', `Impex/${path}`, text);
const record = (list: string, product: string) => data('get', `/inventory_lists/${list}/product_inventory_records/${product}`);
const importJob = (mode: string, failed = 'WARN') => job(`import-${mode}-${failed}`, [{ type: 'ImportInventoryLists', parameters: { WorkingFolder: 'inventory', FileNamePattern: '.*\\.xml$', ImportMode: mode, ImportFailedHandling: failed, AfterImportFileHandling: 'Archive' } }]);

const xml = (lists: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<inventory xmlns="${NS}">${lists}</inventory>`;
const list = (id: string, records: string, header = '<default-instock>false</default-instock>', attrs = '') => `<inventory-list><header list-id="${id}"${attrs}>${header}</header><records>${records}</records></inventory-list>`;

describe('ImportInventoryLists', () => {
  it('MERGE creates lists and records, deletes by mode="delete", counts what it cannot do as data errors', async () => {
    const file = xml(
      list(
        'STORE-BOS',
        `<record product-id="tee-blue-m"><allocation>42</allocation><allocation-timestamp>2026-03-01T05:30:00.000Z</allocation-timestamp><perpetual>false</perpetual><preorder-backorder-handling>none</preorder-backorder-handling></record>
         <record product-id="boot-black-44"><allocation>0</allocation><perpetual>false</perpetual><preorder-backorder-handling>backorder</preorder-backorder-handling><preorder-backorder-allocation>15</preorder-backorder-allocation><in-stock-datetime>2026-04-15T00:00:00.000Z</in-stock-datetime><custom-attributes><custom-attribute attribute-id="supplierCode">SUP-778</custom-attribute></custom-attributes></record>
         <record product-id="gift-wrap"><perpetual>true</perpetual></record>
         <record product-id="retired-sku-1" mode="delete"/>`,
      ) + list('OLD-OUTLET', '', '<default-instock>false</default-instock>', ' mode="delete"'),
    );
    expect((await put('src/inventory/feed-1.xml', file)).status).toBe(201);
    expect((await importJob('Merge')).status).toBe(200);
    const res = await runJob('import-Merge-WARN');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ _type: 'job_execution', execution_status: 'finished', exit_status: { status: 'ok', code: 'OK', message: '2 data errors' }, job_id: 'import-Merge-WARN' });
    if (specsAvailable('ocapi/data-api-25.6.json')) {
      const validate = specValidator('ocapi/data-api-25.6.json', '#/components/schemas/job_execution');
      expect(validate(res.body), errorsOf(validate)).toBe(true);
    }
    expect((await record('STORE-BOS', 'tee-blue-m')).body).toMatchObject({ allocation: { amount: 42, reset_date: '2026-03-01T05:30:00.000Z' }, ats: 42 });
    expect((await record('STORE-BOS', 'boot-black-44')).body).toMatchObject({ ats: 15, pre_order_back_order_handling: 'backorder', in_stock_date: '2026-04-15T00:00:00.000Z' });
    expect((await record('STORE-BOS', 'gift-wrap')).body).toMatchObject({ perpetual_flag: true, ats: 999999 });
    const text = await log('import-Merge-WARN', res.body.id);
    expect(text).toMatch(/INFO Import: Start/);
    expect(text).toMatch(/WARN \[DATAERROR\] ProductInventoryRecord STORE-BOS\/retired-sku-1: cannot delete: no such record/);
    expect(text).toMatch(/WARN \[DATAERROR\] InventoryList OLD-OUTLET: cannot delete: no such inventory list/);
    expect(text).toMatch(/Finished \(2 data errors/);
    // The file was archived: a second run finds nothing.
    expect((await runJob('import-Merge-WARN')).body.exit_status).toMatchObject({ code: 'NO_FILES_FOUND', status: 'ok' });
    expect((await dav('get', 'Impex/archive/feed-1.xml')).status).toBe(200);
  });

  it('UPDATE changes only what exists; REPLACE rebuilds a list from the file; DELETE removes lists', async () => {
    await put('src/inventory/update.xml', xml(list('STORE-BOS', '<record product-id="tee-blue-m"><perpetual>true</perpetual></record><record product-id="new-one"><allocation>1</allocation></record>') + list('NOPE-LIST', '')));
    await importJob('Update');
    const updated = await runJob('import-Update-WARN');
    expect(updated.body.exit_status.message).toBe('2 data errors');
    expect((await record('STORE-BOS', 'tee-blue-m')).body.perpetual_flag).toBe(true);
    expect((await record('STORE-BOS', 'new-one')).status).toBe(404);

    await put('src/inventory/replace.xml', xml(list('STORE-BOS', '<record product-id="only-this"><allocation>3</allocation></record>')));
    await importJob('Replace');
    expect((await runJob('import-Replace-WARN')).body.exit_status.code).toBe('OK');
    const page = await data('get', '/inventory_lists/STORE-BOS/product_inventory_records');
    expect(page.body.data.map((r: { product_id: string }) => r.product_id)).toEqual(['only-this']);

    await put('src/inventory/delete.xml', xml(list('STORE-BOS', '')));
    await importJob('Delete');
    expect((await runJob('import-Delete-WARN')).body.exit_status.code).toBe('OK');
    expect((await data('get', '/inventory_lists/STORE-BOS')).status).toBe(404);
  });

  it('a file that breaks the schema is not imported at all; the step exits WARN or ERROR as configured', async () => {
    const bad: [string, RegExp][] = [
      [xml(list('L-1', '<record product-id="p"><perpetual>true</perpetual><allocation>1</allocation></record>')), /<allocation> is out of order/],
      [xml(list('L-1', '', '<description>x</description>')), /<default-instock> is required/],
      [xml(list('L-1', '<record product-id="p"><allocation>-1</allocation></record>')), /must not be negative/],
      [xml(list('L-1', '<record product-id="p"><preorder-backorder-handling>sometimes</preorder-backorder-handling></record>')), /must be none, preorder or backorder/],
      [xml(list('L-1', '<record product-id=" p"><allocation>1</allocation></record>')), /without surrounding whitespace/],
      [xml(list('L-1', '<record product-id="p"><colour>red</colour></record>')), /unknown element <colour>/],
      ['<inventory><oops></inventory>', /Not well-formed XML/],
    ];
    await importJob('Merge', 'ERROR');
    for (const [text, message] of bad) {
      await put('src/inventory/bad.xml', text);
      const res = await runJob('import-Merge-ERROR');
      expect(res.body.exit_status, text).toMatchObject({ status: 'error', code: 'ERROR' });
      expect(await log('import-Merge-ERROR', res.body.id)).toMatch(message);
      expect((await data('get', '/inventory_lists/L-1')).status).toBe(404);
    }
    await put('src/inventory/bad.xml', bad[0]![0]);
    expect((await runJob('import-Merge-WARN')).body.exit_status).toMatchObject({ status: 'ok', code: 'WARN' });
  });

  it('read-only elements are ignored with a warning; an older allocation-timestamp is refused per record', async () => {
    await put('src/inventory/a.xml', xml(list('STORE-DEN', '<record product-id="p1"><allocation>5</allocation><allocation-timestamp>2026-03-02T08:00:00Z</allocation-timestamp><ats>99</ats><turnover>3</turnover></record>')));
    const first = await runJob('import-Merge-WARN');
    expect(await log('import-Merge-WARN', first.body.id)).toMatch(/<ats>, <turnover> are read-only and was ignored/);
    expect((await record('STORE-DEN', 'p1')).body).toMatchObject({ ats: 5, inventory_turnover: 0 });
    await put('src/inventory/b.xml', xml(list('STORE-DEN', '<record product-id="p1"><allocation>9</allocation><allocation-timestamp>2026-03-01T00:00:00Z</allocation-timestamp></record>')));
    const second = await runJob('import-Merge-WARN');
    expect(second.body.exit_status.message).toBe('1 data errors');
    expect(await log('import-Merge-WARN', second.body.id)).toMatch(/older than the record's allocation reset date/);
    expect((await record('STORE-DEN', 'p1')).body.allocation.amount).toBe(5);
  });
});

describe('ExportInventoryLists', () => {
  it('writes the lists back in the same format, records by product id with their computed values; the export imports again', async () => {
    await job('export', [{ type: 'ExportInventoryLists', parameters: { ExportFile: 'export/inventory.xml', InventoryListIDs: 'STORE-DEN' } }]);
    expect((await runJob('export')).body.exit_status.code).toBe('OK');
    const file = await dav('get', 'Impex/src/export/inventory.xml');
    expect(file.text).toContain(`<inventory xmlns="${NS}">`);
    expect(file.text).toMatch(/<record product-id="p1">\s*<allocation>5<\/allocation>\s*<allocation-timestamp>2026-03-02T08:00:00.000Z<\/allocation-timestamp>[\s\S]*<ats>5<\/ats>\s*<on-order>0<\/on-order>\s*<turnover>0<\/turnover>/);
    await put('src/inventory/roundtrip.xml', file.text);
    expect((await runJob('import-Merge-WARN')).body.exit_status).toMatchObject({ code: 'OK' });
  });

  it('refuses unknown jobs and executions, and WebDAV without a sign-in', async () => {
    expect((await runJob('nope')).body.fault.type).toBe('JobNotFoundException');
    expect((await data('get', '/jobs/export/executions/999')).body.fault.type).toBe('JobExecutionNotFoundException');
    expect((await b2c.run.http.put(`${DAV}/Impex/src/x.xml`).send('x')).status).toBe(401);
    expect((await put('src/../../etc/passwd', 'x')).status).toBe(400);
    expect((await job('bad', [{ type: 'ImportCatalog' }])).status).toBe(400);
  });
});
