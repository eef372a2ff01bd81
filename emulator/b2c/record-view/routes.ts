import { Router, type RequestHandler, type Response } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { parseBody } from '../../core/http/parse-body.js';
import { resource } from '../../core/http/resource.js';
import { findQuery, recordQuery, saveInput, saveRecordBody } from './requests.js';
import type { RecordView } from './service.js';
import { recordPage, recordsPage } from './views.js';

// Business Manager's inventory record screens as JSON: an inventory list's Records tab (Find, paged) and a
// product's General tab (the native record beside the cached OCI data; Apply edits the native record, refused in
// Omnichannel Inventory mode).

const PIPELINE = '/on/demandware.store/Sites-Site/default';

export function recordViewRoutes(deps: { session: RequestHandler[]; records: RecordView; bodyLimit: number }): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const { session, records } = deps;
  const inst = (res: Response) => String(res.locals.instance);
  const mode = (instanceId: string) => records.modeOf(instanceId);

  resource(router, undefined, `${PIPELINE}/InventoryRecords-Find`, {
    GET: [
      ...session,
      (req, res) => {
        const q = parseBody(findQuery, req.query);
        const instanceId = inst(res);
        const found = records.find(instanceId, q.listId, q.search, q.start, q.count);
        res.json(recordsPage({ listId: q.listId, mode: mode(instanceId), source: records.source(instanceId), search: q.search, start: q.start, count: q.count, ...found }));
      },
    ],
  });
  const show = (res: Response, listId: string, productId: string) => {
    const instanceId = inst(res);
    res.json(recordPage(records.record(instanceId, listId, productId), mode(instanceId), records.source(instanceId)));
  };
  resource(router, undefined, `${PIPELINE}/InventoryRecord-Show`, {
    GET: [
      ...session,
      (req, res) => {
        const q = parseBody(recordQuery, req.query);
        show(res, q.listId, q.productId);
      },
    ],
  });
  resource(router, undefined, `${PIPELINE}/InventoryRecord-Save`, {
    POST: [
      ...session,
      ...json,
      (req, res) => {
        const b = parseBody(saveRecordBody, req.body);
        records.save(inst(res), b.listId, b.productId, saveInput(b));
        show(res, b.listId, b.productId);
      },
    ],
  });
  return router;
}
