import { describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { b2cWorld, BM } from './helpers.js';

// Business Manager's Phase 2 pages as JSON: Manage Sites, Retention Settings, and the Inventory page with each
// list's OCI pairing.

const b2c = b2cWorld();
const { page: get, action: post, data } = b2c;

describe('Manage Sites', () => {
  it('creates a site (offline by default), sets its status and assigns its inventory list', async () => {
    const created = await post('SiteManagement-Create', { id: 'Outlet', name: 'Outlet Store' });
    expect(created.status).toBe(201);
    expect(created.body.sites).toContainEqual({ id: 'Outlet', name: 'Outlet Store', status: 'offline', inventoryListId: null });
    expect((await post('SiteManagement-Create', { id: 'Outlet' })).status).toBe(409);
    expect((await post('SiteManagement-SetStatus', { siteId: 'Outlet', status: 'maintenance' })).body.sites).toContainEqual(expect.objectContaining({ id: 'Outlet', status: 'maintenance' }));
    const bad = await post('SiteManagement-AssignInventoryList', { siteId: 'Outlet', inventoryListId: 'NOPE' });
    expect(bad.status).toBe(404);
    expect(bad.body.message).toMatch(/create it first/);
    expect((await post('SiteManagement-AssignInventoryList', { siteId: 'Outlet', inventoryListId: 'STORE-DEN' })).body.sites).toContainEqual(expect.objectContaining({ id: 'Outlet', inventoryListId: 'STORE-DEN' }));
    // OCAPI sees the site, its status in OCAPI's words, and the list's assignment.
    const site = await data('get', '/sites/Outlet');
    expect(site.body).toMatchObject({ id: 'Outlet', storefront_status: 'maintenance' });
    const list = await data('get', '/inventory_lists/STORE-DEN');
    expect(list.body.assigned_sites).toEqual(['Outlet']);
    expect((await post('SiteManagement-SetStatus', { siteId: 'Outlet', status: 'closed' })).status).toBe(400);
    expect((await post('SiteManagement-SetStatus', { siteId: 'Nope', status: 'online' })).status).toBe(404);
  });
});

describe('Retention Settings', () => {
  it('keeps Inventory Record Retention in days, 0 or more', async () => {
    expect((await get('RetentionSettings-Show')).body).toEqual({ page: 'Administration > Global Preferences > Retention Settings', inventoryRecordRetentionDays: null });
    expect((await post('RetentionSettings-Save', { inventoryRecordRetentionDays: 30 })).body.inventoryRecordRetentionDays).toBe(30);
    expect((await post('RetentionSettings-Save', { inventoryRecordRetentionDays: -1 })).status).toBe(400);
    expect((await post('RetentionSettings-Save', { inventoryRecordRetentionDays: 1.5 })).status).toBe(400);
    expect(b2c.run.emulator.journal.query({ type: 'b2c.retention.inventory-records' })).toHaveLength(1);
  });
});

describe('Inventory', () => {
  it('shows each list with the OCI place it pairs with; an unmatched id is unpaired, with a warning', async () => {
    await data('put', '/inventory_lists/STORE-B0S', { description: 'typo: zero for O' });
    const page = await get('Inventory-Show');
    const byId = Object.fromEntries((page.body.lists as { id: string; warning?: string }[]).map((l) => [l.id, l]));
    expect(byId['US-ONLINE']).toMatchObject({ pairedWith: { type: 'group', id: 'US-ONLINE' }, assignedSites: ['RefArch'] });
    expect(byId['STORE-BOS']).toMatchObject({ pairedWith: { type: 'location', id: 'STORE-BOS' }, stores: ['store-bos'] });
    expect(byId['STORE-B0S']).toMatchObject({ pairedWith: null });
    expect(byId['STORE-B0S']?.warning).toMatch(/unpaired/);
  });

  it('pages need a Business Manager sign-in', async () => {
    expect((await b2c.run.http.get(`${BM}/Inventory-Show`)).status).toBe(401);
    expect((await get('Inventory-Show').set('Host', DEMO.b2c.bmHost)).status).toBe(200);
  });
});
