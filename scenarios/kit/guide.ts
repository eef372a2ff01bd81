import type { Control } from './control.js';
import type { Http } from './http.js';
import type { Tokens, WorldFacts } from './world.js';

// The setup guide's steps over HTTP, each through the page or API a team uses for it: the org's Setup pages and
// Connect API, Business Manager's pages, OCAPI Data and OCI's Commerce APIs. Scenarios call them in the guide's
// order, or out of it on purpose.

export const ORG_API = '/services/data/v62.0';
export const OCAPI = '/s/-/dw/data/v25_6';
const BM = '/on/demandware.store/Sites-Site/default';
const DAV = '/on/demandware.servlet/webdav/Sites';
const INVENTORY_NS = 'http://www.demandware.com/xml/impex/inventory/2007-05-31';
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const CACHE_POLL_MS = 250;

export interface ShelfRecord {
  location: string;
  sku: string;
  onHand: number;
  safetyStockCount?: number;
}

export class Guide {
  #trustId: string | undefined;
  #feed = 0;

  constructor(
    private readonly http: Http,
    private readonly tokens: Tokens,
    private readonly control: Control,
    private readonly world: () => WorldFacts,
  ) {}

  async bm(page: string, body: object, expect?: number[]) {
    return this.http.post(`${BM}/${page}`, { token: await this.tokens.oci(), body, ...(expect ? { expect } : {}) });
  }

  async bmPage(page: string) {
    return (await this.http.get(`${BM}/${page}`, { token: await this.tokens.oci() })).body;
  }

  async setup(path: string, body: object = {}, expect?: number[]) {
    return this.http.post(path, { token: await this.tokens.org(), body, ...(expect ? { expect } : {}) });
  }

  async publishGraph(): Promise<void> {
    await this.setup(`${ORG_API}/commerce/oci/location-graph/uploads`);
    await this.control.advance(2_000);
  }

  /**
   * Tells OCI what the shelves hold (the integration's inventory feed), through the Connect API's batch-update, at
   * most 100 records a call as OCI allows; safety stock per record.
   */
  async feedOci(records: readonly ShelfRecord[], effectiveDate = this.control.iso()): Promise<void> {
    for (let i = 0; i < records.length; i += 100) {
      const batch = records.slice(i, i + 100).map((r) => ({
        actionRequestId: `feed-${++this.#feed}`,
        locationIdentifier: r.location,
        stockKeepingUnit: r.sku,
        onHand: r.onHand,
        safetyStockCount: r.safetyStockCount ?? 0,
        // The feed states the whole record: the scenarios' shops expect no purchase orders (the demo's futures go).
        futureStock: [],
        effectiveDate,
      }));
      await this.setup(`${ORG_API}/commerce/oci/availability-records/actions/batch-update`, { records: batch });
    }
  }

  async createLists(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.http.put(`${OCAPI}/inventory_lists/${encodeURIComponent(id)}`, { token: await this.tokens.ocapi(), body: { description: `${id} (paired)` } });
  }

  /** The site's list, and each store's own list (the store's id upper-cased is the location's External Reference). */
  async assignLists(siteList: string, stores: readonly [store: string, list: string][]): Promise<void> {
    await this.bm('SiteManagement-AssignInventoryList', { siteId: this.world().siteId, inventoryListId: siteList });
    for (const [store, list] of stores) {
      await this.http.patch(`${OCAPI}/sites/${this.world().siteId}/stores/${store}`, { token: await this.tokens.ocapi(), body: { inventory_id: list } });
    }
  }

  async nativeRecord(listId: string, sku: string, allocation: number): Promise<void> {
    await this.http.put(`${OCAPI}/inventory_lists/${encodeURIComponent(listId)}/product_inventory_records/${encodeURIComponent(sku)}`, { token: await this.tokens.ocapi(), body: { allocation: { amount: allocation } } });
  }

  /**
   * A direct inventory import into B2C (the feed teams run before the integration, and stop after it): the file
   * over WebDAV into IMPEX/src, a job with an ImportInventoryLists step, run through OCAPI. It writes native
   * records in every mode; answers how many the job imported.
   */
  async directImport(listId: string, records: readonly { sku: string; allocation: number }[]): Promise<void> {
    const folder = 'direct-feed';
    const rows = records.map((r) => `<record product-id="${xml(r.sku)}"><allocation>${r.allocation}</allocation></record>`).join('');
    const file = `<inventory xmlns="${INVENTORY_NS}"><inventory-list><header list-id="${xml(listId)}"><default-instock>false</default-instock></header><records>${rows}</records></inventory-list></inventory>`;
    const token = await this.tokens.oci();
    await this.http.call('PUT', `${DAV}/Impex/src/${folder}/feed-${++this.#feed}.xml`, { token, raw: { type: 'application/xml', text: file } });
    await this.bm('Jobs-Save', { id: 'direct-inventory-import', steps: [{ type: 'ImportInventoryLists', parameters: { WorkingFolder: folder } }] });
    await this.http.post(`${OCAPI}/jobs/direct-inventory-import/executions`, { token: await this.tokens.ocapi(), body: {} });
  }

  async exportOrder(orderNo: string): Promise<void> {
    await this.http.put(`${OCAPI}/sites/${this.world().siteId}/orders/${orderNo}/export_status`, { token: await this.tokens.ocapi(), body: { status: 'exported' } });
  }

  setRetention = (days: number) => this.bm('RetentionSettings-Save', { inventoryRecordRetentionDays: days });

  async turnOnIntegration(): Promise<void> {
    await this.setup('/lightning/setup/OmnichannelInventory/home', { b2cCommerceIntegration: true });
    // Provisioning takes minutes on the emulator's clock; the success e-mail then lands in the outbox.
    await this.control.advance(10 * 60_000);
  }

  async requestTrust(expect?: number[]) {
    const res = await this.setup('/lightning/setup/C2CTrustRelationships/home', { cloud: 'Commerce Cloud', remoteTenantUrl: `https://${this.world().bmHost}/on/` }, expect);
    if (res.status < 300) this.#trustId = res.body.id as string;
    return res;
  }

  allowTrust = (expect?: number[]) => this.bm('CrossCloudTrust-Allow', {}, expect);

  async establishTrust(expect?: number[]) {
    return this.setup(`/lightning/setup/C2CTrustRelationships/${this.#trustId}/establish`, {}, expect);
  }

  siteStatus = (status: 'online' | 'offline' | 'maintenance') => this.bm('SiteManagement-SetStatus', { siteId: this.world().siteId, status });
  setMode = (mode: 'B2C' | 'OCI_CACHE' | 'OCI', expect?: number[]) => this.bm('OCIIntegration-SetMode', { mode }, expect);

  /** Polls the OCI Integration page, moving the clock one cache poll at a time, until every list's cache is complete. */
  async waitForCache(maxPolls = 400): Promise<void> {
    for (let i = 0; i < maxPolls; i++) {
      await this.control.advance(CACHE_POLL_MS);
      const page = await this.bmPage('OCIIntegration-Show');
      const rows = page.cacheStatus as { status: string }[];
      if (rows.length > 0 && rows.every((r) => r.status === 'complete')) {
        // One more poll: the deltas written while the full import ran.
        await this.control.advance(CACHE_POLL_MS);
        return;
      }
    }
    throw new Error('the OCI cache did not complete');
  }
}
