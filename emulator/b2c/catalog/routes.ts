import { Router, type RequestHandler, type Response } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';
import { param, parseDocument, putDocument } from '../ocapi/requests.js';
import { deleted } from '../ocapi/views.js';
import { checkProductId, productBody, productInput, productQuery, searchBody } from './requests.js';
import type { CatalogService } from './service.js';
import { productDoc, searchResult } from './views.js';

// OCAPI Data API (/s/-/dw/data/v{major}_{minor}/…): products (create, read, change, delete) and product search, so
// tests and scripts can give the storefront the products they need.

const BASE = '/s/-/dw/data/:version';

export function catalogRoutes(deps: { catalog: CatalogService; access: RequestHandler[]; bodyLimit: number }): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const guard = deps.access;
  const { catalog } = deps;
  const inst = (res: Response) => String(res.locals.instance);

  resource(router, undefined, `${BASE}/products/:id`, {
    GET: [...guard, (req, res) => res.json(productDoc(req, catalog.product(inst(res), param(req, 'id'))))],
    PUT: [
      ...guard,
      ...json,
      (req, res) => {
        const id = param(req, 'id');
        checkProductId(id);
        res.json(productDoc(req, catalog.put(inst(res), id, productInput(putDocument(productBody, req.body, 'id', id))).product));
      },
    ],
    PATCH: [...guard, ...json, (req, res) => res.json(productDoc(req, catalog.patch(inst(res), param(req, 'id'), productInput(putDocument(productBody, req.body, 'id', param(req, 'id'))))))],
    DELETE: [...guard, deleted((req, res) => catalog.delete(inst(res), param(req, 'id')))],
  });

  resource(router, undefined, `${BASE}/product_search`, {
    POST: [
      ...guard,
      ...json,
      (req, res) => {
        const b = parseDocument(searchBody, req.body);
        const start = b.start ?? 0;
        res.json(searchResult(req, b.query, catalog.search(inst(res), productQuery(b), start, b.count ?? 25), start));
      },
    ],
  });
  return router;
}
