import { describe, expect, it } from 'vitest';
import { b2cWorld, DATA, inventoryXml } from './helpers.js';

// Ids that are also names on Object.prototype are ordinary ids in every B2C resource: created, listed and read
// back through OCAPI, WebDAV and Business Manager, unknown before they are created, kept across a snapshot
// restore (state read back from JSON), and the emulator keeps serving.

const IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;
const b2c = b2cWorld();
const { data, page, action, dav, runJob } = b2c;
const ids = (body: { data: { id?: string; product_id?: string }[] }) => body.data.map((d) => d.id ?? d.product_id);
const feed = (listId: string, productId: string) => inventoryXml(`${listId}-xml`, `<record product-id="${productId}"><allocation>7</allocation></record>`, '<default-instock>true</default-instock>');

describe.each(IDS)('the id %s', (id) => {
  const e = encodeURIComponent(id);

  it('is unknown before it is created, in each API’s own words', async () => {
    expect((await data('get', `/inventory_lists/${e}`)).body.fault.type).toBe('InventoryListNotFoundException');
    expect((await data('get', `/inventory_lists/STORE-BOS/product_inventory_records/${e}`)).body.fault.type).toBe('ProductInventoryRecordNotFoundException');
    expect((await data('get', `/sites/${e}`)).body.fault.type).toBe('SiteNotFoundException');
    expect((await data('get', `/sites/RefArch/stores/${e}`)).body.fault.type).toBe('StoreNotFoundException');
    expect((await runJob(e)).body.fault.type).toBe('JobNotFoundException');
    expect((await dav('get', `Impex/src/${e}`)).status).toBe(404);
    expect((await action('SiteManagement-SetStatus', { siteId: id, status: 'online' })).status).toBe(404);
  });

  it('names an inventory list and a product inventory record (OCAPI, Business Manager)', async () => {
    const list = await data('put', `/inventory_lists/${e}`, { description: `list ${id}` });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ id, description: `list ${id}` });
    expect((await data('get', `/inventory_lists/${e}`)).body).toMatchObject({ id, description: `list ${id}` });
    expect(ids((await data('get', '/inventory_lists?count=200')).body)).toContain(id);
    for (const [listId, productId] of [[id, id], [id, 'SKU-1'], ['STORE-BOS', id]] as const) {
      const path = `/inventory_lists/${encodeURIComponent(listId)}/product_inventory_records/${encodeURIComponent(productId)}`;
      expect((await data('put', path, { allocation: { amount: 3 } })).body).toMatchObject({ product_id: productId, inventory_list_id: listId, ats: 3 });
      expect((await data('get', path)).body).toMatchObject({ product_id: productId, allocation: { amount: 3 } });
      expect(ids((await data('get', `/inventory_lists/${encodeURIComponent(listId)}/product_inventory_records?count=200`)).body)).toContain(productId);
    }
    const shown = (await page('Inventory-Show')).body.lists.find((l: { id: string }) => l.id === id);
    expect(shown).toMatchObject({ id, records: 2 });
  });

  it('names a site and a store, with the list assigned (Business Manager, OCAPI)', async () => {
    expect((await action('SiteManagement-Create', { id, name: `site ${id}` })).status).toBe(201);
    expect((await action('SiteManagement-SetStatus', { siteId: id, status: 'online' })).status).toBe(200);
    const assigned = await action('SiteManagement-AssignInventoryList', { siteId: id, inventoryListId: id });
    expect(assigned.body.sites).toContainEqual({ id, name: `site ${id}`, status: 'online', inventoryListId: id });
    expect((await data('get', `/sites/${e}`)).body).toMatchObject({ id, storefront_status: 'online' });
    expect(ids((await data('get', '/sites?count=200')).body)).toContain(id);
    expect((await data('get', `/inventory_lists/${e}`)).body.assigned_sites).toEqual([id]);
    expect((await data('put', `/sites/${e}/stores/${e}`, { name: `store ${id}`, inventory_id: id })).body).toMatchObject({ id, inventory_id: id });
    expect((await data('get', `/sites/${e}/stores/${e}`)).body).toMatchObject({ id, name: `store ${id}` });
    expect(ids((await data('get', `/sites/${e}/stores?count=200`)).body)).toContain(id);
  });

  it('names a WebDAV file and folder, and a job with its parameter, execution and log', async () => {
    expect((await dav('put', `Impex/src/${e}/${e}`, feed(id, id))).status).toBe(201);
    expect((await dav('put', `Impex/src/${e}/${e}`, feed(id, id))).status).toBe(204);
    expect((await dav('get', `Impex/src/${e}/${e}`)).text).toBe(feed(id, id));
    const saved = await action('Jobs-Save', { id, steps: [{ type: 'ImportInventoryLists', parameters: { WorkingFolder: id, [id]: id } }] });
    expect(saved.status).toBe(200);
    const job = saved.body.jobs.find((j: { id: string }) => j.id === id);
    expect(Object.hasOwn(job.steps[0].parameters, id)).toBe(true);
    const execution = await runJob(e, { [id]: 'x' });
    expect(execution.status).toBe(200);
    expect(execution.body).toMatchObject({ job_id: id, exit_status: { code: 'OK' } });
    expect((await data('get', `/inventory_lists/${encodeURIComponent(`${id}-xml`)}/product_inventory_records/${e}`)).body).toMatchObject({ allocation: { amount: 7 } });
    expect((await dav('get', `Impex/archive/${e}`)).status).toBe(200);
    expect((await data('get', `/jobs/${e}/executions/${execution.body.id}`)).body).toMatchObject({ id: execution.body.id, job_id: id });
    expect((await data('get', `/jobs/${e}/executions/${e}`)).body.fault.type).toBe('JobExecutionNotFoundException');
    expect((await dav('get', `Logs/jobs/${e}/Job-${e}-${execution.body.id}.log`)).text).toMatch(new RegExp(`Job ${id.replace(/[_]/g, '_')} started`));
    expect((await page('Jobs-Show')).body.jobs.find((j: { id: string }) => j.id === id).lastExecutions).toHaveLength(1);
    expect((await dav('delete', `Impex/archive/${e}`)).status).toBe(204);
    expect((await dav('get', `Impex/archive/${e}`)).status).toBe(404);
  });
});

describe('hostile requests', () => {
  it('a Host header no URL can hold still gets its page with a next link', async () => {
    const res = await data('get', '/inventory_lists?count=1&x=%zz').set('Host', 'bad host:1');
    expect(res.status).toBe(200);
    expect(res.body.next).toBe(`http://bad host:1${DATA}/inventory_lists?count=1&x=%25zz&start=1`);
  });

  it('a log file name is read without backtracking, and an unknown one is a 404', async () => {
    for (const file of [`Job-x-${'1'.repeat(8000)}x.log`, `Job--${'-1'.repeat(4000)}.logx`, 'Job-x-.log', 'Job-x-1.txt']) {
      expect((await dav('get', `Logs/jobs/x/${file}`)).status).toBe(404);
    }
  });
});

describe('after a snapshot restore (state read back from JSON)', () => {
  it('every hostile id is still there, can be written, and the emulator keeps serving', async () => {
    expect((await b2c.run.http.post('/__emulator/snapshots').send({ name: 'hostile' })).status).toBeLessThan(300);
    expect((await b2c.run.http.post('/__emulator/snapshots/hostile/restore').send({})).status).toBe(200);
    for (const id of IDS) {
      const e = encodeURIComponent(id);
      expect((await data('get', `/inventory_lists/${e}/product_inventory_records/${e}`)).body.product_id).toBe(id);
      expect((await data('put', `/inventory_lists/${e}/product_inventory_records/${e}-2`, { allocation: { amount: 1 } })).status).toBe(200);
      expect((await data('put', `/inventory_lists/STORE-BOS/product_inventory_records/${e}`, { allocation: { amount: 9 } })).body.ats).toBe(9);
      expect((await data('put', `/sites/${e}/stores/${e}`, { name: 'again' })).body.name).toBe('again');
      expect((await dav('put', `Impex/src/${e}/${e}`, feed(id, id))).status).toBe(201);
      expect((await action('Jobs-Save', { id, steps: [{ type: 'ExportInventoryLists', parameters: { ExportFile: `${id}.xml` } }] })).status).toBe(200);
      expect((await runJob(e)).body.exit_status.code).toBe('OK');
      expect((await dav('get', `Impex/src/${e}.xml`)).text).toContain(`<record product-id="${id}">`);
    }
    expect((await b2c.run.http.get('/__emulator/health')).status).toBe(200);
  });
});
