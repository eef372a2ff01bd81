import { Router, type Request, type RequestHandler, type Response } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';
import type { B2cInventoryList } from '../model.js';
import { paging, param, parseDocument, putDocument } from '../ocapi/requests.js';
import { deleted, page } from '../ocapi/views.js';
import { checkProductId, listBody, listInput, recordBody, recordInput } from './requests.js';
import type { RecordView } from '../record-view/service.js';
import type { ProductRecord } from '../record-view/model.js';
import type { NativeInventory } from './service.js';
import { cachedRecordDoc, inventoryListDoc, recordDoc } from './views.js';

// OCAPI Data API (/s/-/dw/data/v{major}_{minor}/…): inventory lists and their product inventory records, with
// OCAPI's documents and its `fault` envelope on errors. In Omnichannel Inventory mode records are read from the
// OCI cache and native writes are refused (the import keeps writing them: the refusal lives here, not in the store).

const BASE = '/s/-/dw/data/:version';

export function inventoryRoutes(deps: { inventory: NativeInventory; records: RecordView; access: RequestHandler[]; bodyLimit: number }): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const guard = deps.access;
  const { inventory, records: view } = deps;
  const served = (req: Request, r: ProductRecord) => (r.native ? recordDoc(req, r.listId, r.native) : cachedRecordDoc(req, r.listId, r.productId, r.oci!));
  const writable = (res: Response, listId: string, productId: string, needsRecord = false) => view.assertWritable(inst(res), 'ocapi', listId, productId, needsRecord);
  const inst = (res: Response) => String(res.locals.instance);
  const listDoc = (req: Request, res: Response, l: B2cInventoryList) => inventoryListDoc(req, l, inventory.assignedSites(inst(res), l.id));

  const lists = `${BASE}/inventory_lists`;
  resource(router, undefined, lists, {
    GET: [...guard, (req, res) => res.json(page(req, 'inventory_lists', inventory.lists(inst(res)), paging(req), (l) => listDoc(req, res, l)))],
  });

  resource(router, undefined, `${lists}/:listId`, {
    GET: [...guard, (req, res) => res.json(listDoc(req, res, inventory.list(inst(res), param(req, 'listId'))))],
    PUT: [
      ...guard,
      ...json,
      (req, res) => {
        const id = param(req, 'listId');
        res.json(listDoc(req, res, inventory.putList(inst(res), id, listInput(putDocument(listBody, req.body, 'id', id))).list));
      },
    ],
    PATCH: [...guard, ...json, (req, res) => res.json(listDoc(req, res, inventory.patchList(inst(res), param(req, 'listId'), listInput(parseDocument(listBody, req.body)))))],
    DELETE: [...guard, deleted((req, res) => inventory.deleteList(inst(res), param(req, 'listId')))],
  });

  const records = `${lists}/:listId/product_inventory_records`;
  resource(router, undefined, records, {
    GET: [
      ...guard,
      (req, res) => {
        const listId = param(req, 'listId');
        res.json(page(req, 'product_inventory_records', view.servedIds(inst(res), listId), paging(req), (id) => served(req, view.served(inst(res), listId, id))));
      },
    ],
  });

  resource(router, undefined, `${records}/:productId`, {
    GET: [...guard, (req, res) => res.json(served(req, view.served(inst(res), param(req, 'listId'), param(req, 'productId'))))],
    PUT: [
      ...guard,
      ...json,
      (req, res) => {
        const [listId, productId] = [param(req, 'listId'), param(req, 'productId')];
        checkProductId(productId);
        writable(res, listId, productId);
        const b = putDocument(recordBody, req.body, 'product_id', productId);
        res.json(recordDoc(req, listId, inventory.putRecord(inst(res), listId, productId, recordInput(b), 'ocapi').record));
      },
    ],
    PATCH: [
      ...guard,
      ...json,
      (req, res) => {
        const listId = param(req, 'listId');
        writable(res, listId, param(req, 'productId'), true);
        res.json(recordDoc(req, listId, inventory.patchRecord(inst(res), listId, param(req, 'productId'), recordInput(parseDocument(recordBody, req.body)), 'ocapi')));
      },
    ],
    DELETE: [
      ...guard,
      deleted((req, res) => {
        writable(res, param(req, 'listId'), param(req, 'productId'), true);
        inventory.deleteRecord(inst(res), param(req, 'listId'), param(req, 'productId'), 'ocapi');
      }),
    ],
  });
  return router;
}
