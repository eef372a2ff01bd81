import { expect } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { b2cWorld, BM, DATA, DAV, inventoryXml } from './helpers.js';

// The record view's tests reach the instance every way a team does (Business Manager pages, OCAPI, OCI, the
// native XML import), with tokens minted again after the clock moves.

export const OCI = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
export const RESERVATION = `/inventory/reservation/v1/organizations/${TENANT_GROUP}`;
export const EFFECTIVE = '2026-03-02T08:00:00.000Z';
export const [DEC_1, DEC_10, DEC_15] = ['2026-12-01', '2026-12-10', '2026-12-15'].map((d) => `${d}T00:00:00.000Z`) as [string, string, string];
const IMPORT_STEP = { type: 'ImportInventoryLists', parameters: { WorkingFolder: 'inventory', FileNamePattern: '.*\\.xml$', ImportMode: 'Merge', ImportFailedHandling: 'WARN', AfterImportFileHandling: 'Archive' } };
export type Future = { quantity: number; expectedDate: string };
export const futuresOf = (fs: Future[]) => fs.map((f) => ({ quantity: f.quantity, at: Date.parse(f.expectedDate) })).sort((a, b) => a.at - b.at);

/**
 * Each way in with tokens minted on demand: the retention tests move the clock by days, past any token's 30 minutes.
 * The Business Manager sign-in (integration client, instance + OCI scopes) is also the OCI token.
 */
export function ways(world: ReturnType<typeof b2cWorld>) {
  const tokens = { am: '', ocapi: '' };
  const call = (method: 'get' | 'put' | 'patch' | 'delete' | 'post', path: string, token: () => string, body?: unknown) => {
    const req = world.run.http[method](path).set('Authorization', `Bearer ${token()}`);
    return body === undefined ? req : req.send(body as object);
  };
  const am = () => tokens.am || world.am;
  const ocapi = () => tokens.ocapi || world.ocapi;
  const w = {
    refresh: async () => void ([tokens.am, tokens.ocapi] = [await tokenFor(world.run.http), await tokenFor(world.run.http, 'mail', DEMO.accountManager.ocapiClient)]),
    page: (name: string, q: Record<string, string> = {}) => call('get', `${BM}/${name}?${new URLSearchParams(q)}`, am),
    action: (name: string, body: unknown) => call('post', `${BM}/${name}`, am, body),
    data: (method: 'get' | 'put' | 'patch' | 'delete', path: string, body?: unknown) => call(method, `${DATA}${path}`, ocapi, body),
    oci: (path: string, body: unknown) => call('post', `${OCI}${path}`, am, body),
    show: (listId: string, productId: string) => w.page('InventoryRecord-Show', { listId, productId }),
    record: (listId: string, productId: string) => `/inventory_lists/${listId}/product_inventory_records/${productId}`,
    async setMode(mode: 'B2C' | 'OCI_CACHE' | 'OCI') {
      const res = await w.action('OCIIntegration-SetMode', { mode });
      expect(res.status, res.text).toBe(200);
      return res.body as { mode: { value: string }; warnings: { code: string }[] };
    },
    batch: async (records: unknown[]) => expect((await w.oci('/availability-records/actions/batch-update', { records })).status).toBe(204),
    /** The native XML import, run as B2C teams run it: file over WebDAV, a job with the import step, run by OCAPI. */
    async importXml(listId: string, records: string) {
      expect((await w.action('Jobs-Save', { id: 'rv-import', steps: [IMPORT_STEP] })).status).toBe(200);
      expect((await call('put', `${DAV}/Impex/src/inventory/${listId}.xml`, am).set('Content-Type', 'application/xml').send(inventoryXml(listId, records))).status).toBe(201);
      const run = await call('post', `${DATA}/jobs/rv-import/executions`, ocapi, {});
      const log = run.body.exit_status?.code === 'OK' ? '' : (await call('get', `${DAV}/Logs/jobs/rv-import/Job-rv-import-${run.body.id}.log`, am)).text;
      expect(run.body.exit_status?.code, log || run.text).toBe('OK');
    },
  };
  return w;
}
