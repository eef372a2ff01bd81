import { Router, type RequestHandler, type Response } from 'express';
import { parseBody } from '../../core/http/parse-body.js';
import type { FastLane, LaneHandler } from '../../core/http/fast-lane.js';
import { queryOfUrl } from '../../core/http/query.js';
import { fast, resource } from '../../core/http/resource.js';
import { sendJson } from '../../core/http/send-json.js';
import { bmPages, PIPELINE } from '../business-manager/pages.js';
import { findQuery, recordQuery, saveInput, saveRecordBody } from './requests.js';
import type { RecordView } from './service.js';
import { recordPage, recordsPage } from './views.js';

// Business Manager's inventory record screens as JSON: an inventory list's Records tab (Find, paged) and a
// product's General tab (the native record beside the cached OCI data; Apply edits the native record, refused in
// Omnichannel Inventory mode).

export interface RecordViewDeps {
  session: RequestHandler[];
  /** The same sign-in for the fast lane. */
  laneSession: LaneHandler[];
  lane: FastLane;
  records: RecordView;
  bodyLimit: number;
}

export function recordViewRoutes(deps: RecordViewDeps): Router {
  const router = Router();
  const { records } = deps;
  const page = bmPages(router, deps.session, deps.bodyLimit);
  const inst = (res: Response) => String(res.locals.instance);
  const mode = (instanceId: string) => records.modeOf(instanceId);

  page('InventoryRecords-Find', 'GET', (req, res) => {
    const q = parseBody(findQuery, req.query);
    const instanceId = inst(res);
    const found = records.find(instanceId, q.listId, q.search, q.start, q.count);
    res.json(recordsPage({ listId: q.listId, mode: mode(instanceId), source: records.source(instanceId), search: q.search, start: q.start, count: q.count, ...found }));
  });
  const generalTab = (res: { locals: Record<string, unknown> }, listId: string, productId: string) => {
    const instanceId = String(res.locals.instance);
    return recordPage(records.record(instanceId, listId, productId), mode(instanceId), records.source(instanceId));
  };
  // A record's General tab is what people and scripts open all day: it is served by the fast lane too, so it
  // reads its query itself (the same qs reader Express uses) and answers with Node's response.
  resource(router, deps.lane, `${PIPELINE}/InventoryRecord-Show`, {
    GET: fast(...deps.laneSession, (req, res) => {
      const q = parseBody(recordQuery, queryOfUrl(req.originalUrl || req.url || ''));
      sendJson(res, 200, generalTab(res, q.listId, q.productId));
    }),
  });
  page('InventoryRecord-Save', 'POST', (req, res) => {
    const b = parseBody(saveRecordBody, req.body);
    records.save(inst(res), b.listId, b.productId, saveInput(b));
    res.json(generalTab(res, b.listId, b.productId));
  });
  return router;
}
