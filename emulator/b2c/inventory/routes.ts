import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { jsonBody } from '../../core/http/body.js';
import { onlyMethods } from '../../core/http/methods.js';
import type { NativeInventory, RecordInput } from './service.js';
import type { SitesService, StoreInput } from '../sites/service.js';
import { DATE_TIME_EXAMPLE, isoDateTime } from '../time.js';
import { inventoryListDoc, page, recordDoc, siteDoc, storeDoc, type Paging } from '../ocapi/views.js';

// OCAPI Data API (/s/-/dw/data/v{major}_{minor}/…): inventory lists, their product inventory records, sites
// (read) and a site's stores, with OCAPI's documents and its `fault` envelope on errors.

export interface OcapiDeps {
  inventory: NativeInventory;
  sites: SitesService;
  access: RequestHandler[];
  bodyLimit: number;
}

const BASE = '/s/-/dw/data/:version';
const MAX_COUNT = 200;
const text = z.string('must be a string');
const flag = z.boolean('must be true or false');
const quantity = z.number('must be a number').finite('must be a finite number');
/** RFC 3339 (OCAPI's date-time format), a real date and time, stored in one form: UTC with milliseconds. */
const dateTime = z.string('must be a date-time string').transform((s, ctx) => {
  const iso = isoDateTime(s, { offsetRequired: true });
  if (iso === undefined) ctx.addIssue({ code: 'custom', message: `must be an ISO 8601 date-time with a time zone, such as ${DATE_TIME_EXAMPLE}` });
  return iso ?? z.NEVER;
});

const listBody = z.object({
  id: text.optional(),
  description: text.optional(),
  default_in_stock: flag.optional(),
  on_order_inventory_enabled: flag.optional(),
  use_bundle_inventory_only: flag.optional(),
});
const recordBody = z.object({
  product_id: text.optional(),
  allocation: z.object({ amount: quantity.min(0, 'must not be negative').optional(), reset_date: dateTime.optional() }, 'must be {amount, reset_date}').optional(),
  perpetual_flag: flag.optional(),
  pre_order_back_order_handling: z.enum(['none', 'preorder', 'backorder'], "must be 'none', 'preorder' or 'backorder'").optional(),
  pre_order_back_order_allocation: quantity.min(0, 'must not be negative').optional(),
  in_stock_date: dateTime.optional(),
});
const storeBody = z.object({
  id: text.optional(),
  name: text.optional(),
  city: text.optional(),
  country_code: text.optional(),
  inventory_id: z.string('must be a string').max(256, 'must be at most 256 characters').nullable().optional(),
  address1: text.optional(),
  postal_code: text.optional(),
  state_code: text.optional(),
  phone: text.optional(),
  email: text.optional(),
});

export function ocapiDataRoutes(deps: OcapiDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const guard = deps.access;
  const inst = (res: Response) => String(res.locals.instance);
  const { inventory, sites } = deps;

  const lists = `${BASE}/inventory_lists`;
  router.get(lists, ...guard, (req, res) => {
    res.json(page(req, 'inventory_lists', inventory.lists(inst(res)), paging(req), (l) => inventoryListDoc(req, l, inventory.assignedSites(inst(res), l.id))));
  });
  router.all(lists, onlyMethods(['GET']));

  const list = `${lists}/:listId`;
  router.get(list, ...guard, (req, res) => {
    const l = inventory.list(inst(res), param(req, 'listId'));
    res.json(inventoryListDoc(req, l, inventory.assignedSites(inst(res), l.id)));
  });
  router.put(list, ...guard, ...json, (req, res) => {
    const id = param(req, 'listId');
    const b = parse(listBody, req.body);
    if (b.id !== undefined && b.id !== id) throw idConflict(b.id, id);
    const { list: l } = inventory.putList(inst(res), id, { description: b.description, defaultInStock: b.default_in_stock, onOrderInventoryEnabled: b.on_order_inventory_enabled, useBundleInventoryOnly: b.use_bundle_inventory_only });
    res.json(inventoryListDoc(req, l, inventory.assignedSites(inst(res), l.id)));
  });
  router.patch(list, ...guard, ...json, (req, res) => {
    const b = parse(listBody, req.body);
    const l = inventory.patchList(inst(res), param(req, 'listId'), { description: b.description, defaultInStock: b.default_in_stock, onOrderInventoryEnabled: b.on_order_inventory_enabled, useBundleInventoryOnly: b.use_bundle_inventory_only });
    res.json(inventoryListDoc(req, l, inventory.assignedSites(inst(res), l.id)));
  });
  router.delete(list, ...guard, (req, res) => {
    inventory.deleteList(inst(res), param(req, 'listId'));
    res.status(204).end();
  });
  router.all(list, onlyMethods(['GET', 'PUT', 'PATCH', 'DELETE']));

  const records = `${list}/product_inventory_records`;
  router.get(records, ...guard, (req, res) => {
    const listId = param(req, 'listId');
    res.json(page(req, 'product_inventory_records', inventory.records(inst(res), listId), paging(req), (r) => recordDoc(req, listId, r)));
  });
  router.all(records, onlyMethods(['GET']));

  const record = `${records}/:productId`;
  router.get(record, ...guard, (req, res) => {
    const listId = param(req, 'listId');
    res.json(recordDoc(req, listId, inventory.record(inst(res), listId, param(req, 'productId'))));
  });
  router.put(record, ...guard, ...json, (req, res) => {
    const listId = param(req, 'listId');
    const productId = param(req, 'productId');
    checkProductId(productId);
    const b = parse(recordBody, req.body);
    if (b.product_id !== undefined && b.product_id !== productId) throw idConflict(b.product_id, productId);
    const { record: r } = inventory.putRecord(inst(res), listId, productId, recordInput(b));
    res.json(recordDoc(req, listId, r));
  });
  router.patch(record, ...guard, ...json, (req, res) => {
    const listId = param(req, 'listId');
    const r = inventory.patchRecord(inst(res), listId, param(req, 'productId'), recordInput(parse(recordBody, req.body)));
    res.json(recordDoc(req, listId, r));
  });
  router.delete(record, ...guard, (req, res) => {
    inventory.deleteRecord(inst(res), param(req, 'listId'), param(req, 'productId'));
    res.status(204).end();
  });
  router.all(record, onlyMethods(['GET', 'PUT', 'PATCH', 'DELETE']));

  router.get(`${BASE}/sites`, ...guard, (req, res) => {
    res.json(page(req, 'sites', sites.sites(inst(res)), paging(req), (s) => siteDoc(req, s)));
  });
  router.all(`${BASE}/sites`, onlyMethods(['GET']));
  router.get(`${BASE}/sites/:siteId`, ...guard, (req, res) => {
    res.json(siteDoc(req, sites.site(inst(res), param(req, 'siteId'))));
  });
  router.all(`${BASE}/sites/:siteId`, onlyMethods(['GET']));

  const stores = `${BASE}/sites/:siteId/stores`;
  router.get(stores, ...guard, (req, res) => {
    const siteId = param(req, 'siteId');
    res.json(page(req, 'stores', sites.stores(inst(res), siteId), paging(req), (s) => storeDoc(req, siteId, s)));
  });
  router.all(stores, onlyMethods(['GET']));
  const store = `${stores}/:storeId`;
  router.get(store, ...guard, (req, res) => {
    const siteId = param(req, 'siteId');
    res.json(storeDoc(req, siteId, sites.storeOf(inst(res), siteId, param(req, 'storeId'))));
  });
  router.put(store, ...guard, ...json, (req, res) => {
    const siteId = param(req, 'siteId');
    const id = param(req, 'storeId');
    const b = parse(storeBody, req.body);
    if (b.id !== undefined && b.id !== id) throw idConflict(b.id, id);
    if (b.name === undefined || b.name.trim() === '') {
      throw new AppError(400, GenericCode.ValidationFailed, "Property 'name' is required for a store.", { details: { property: { type: 'string', value: 'name' } } });
    }
    res.json(storeDoc(req, siteId, sites.putStore(inst(res), siteId, id, storeInput(b)).store));
  });
  router.patch(store, ...guard, ...json, (req, res) => {
    const siteId = param(req, 'siteId');
    res.json(storeDoc(req, siteId, sites.patchStore(inst(res), siteId, param(req, 'storeId'), storeInput(parse(storeBody, req.body)))));
  });
  router.delete(store, ...guard, (req, res) => {
    sites.deleteStore(inst(res), param(req, 'siteId'), param(req, 'storeId'));
    res.status(204).end();
  });
  router.all(store, onlyMethods(['GET', 'PUT', 'PATCH', 'DELETE']));
  return router;
}

const param = (req: Request, name: string) => String(req.params[name]);

function paging(req: Request): Paging {
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = req.query[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new AppError(400, 'InvalidParameterException', `'${name}' must be an integer from ${min} to ${max}.`, { details: { [name]: { type: 'string', value: String(raw) } } });
    }
    return n;
  };
  return { start: int('start', 0, 0, Number.MAX_SAFE_INTEGER), count: int('count', 25, 1, MAX_COUNT) };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.join('.') || 'body';
  throw new AppError(400, GenericCode.ValidationFailed, `Property '${path}' ${issue.message}.`, { details: { property: { type: 'string', value: path } } });
}

function idConflict(inBody: string, inPath: string): AppError {
  return new AppError(400, 'IdConflictException', `The id '${inBody}' in the document does not match the id '${inPath}' in the URL.`, {
    details: { documentId: { type: 'string', value: inBody }, resourceId: { type: 'string', value: inPath } },
  });
}

function checkProductId(id: string): void {
  if (id.length < 1 || id.length > 256) throw new AppError(400, GenericCode.ValidationFailed, "Property 'product_id' must be 1 to 256 characters.");
}

function recordInput(b: z.infer<typeof recordBody>): RecordInput {
  return {
    allocation: b.allocation?.amount,
    allocationResetDate: b.allocation?.reset_date,
    perpetual: b.perpetual_flag,
    preorderBackorderHandling: b.pre_order_back_order_handling,
    preorderBackorderAllocation: b.pre_order_back_order_allocation,
    inStockDate: b.in_stock_date,
  };
}

function storeInput(b: z.infer<typeof storeBody>): StoreInput {
  return {
    name: b.name,
    city: b.city,
    countryCode: b.country_code,
    inventoryId: b.inventory_id,
    address1: b.address1,
    postalCode: b.postal_code,
    stateCode: b.state_code,
    phone: b.phone,
    email: b.email,
  };
}
