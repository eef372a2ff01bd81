import { Router, type RequestHandler } from 'express';
import { resource } from '../../core/http/resource.js';
import type { OversellBook } from '../accounting/book.js';
import { physicalQuery } from '../accounting/requests.js';
import { cellView } from '../accounting/views.js';
import { PHYSICAL_KINDS } from './model.js';
import { physicalEvents } from './requests.js';
import type { PhysicalService } from './service.js';

// /__emulator/physical: the shop floor and the other channels. POST /<kind> applies one event (a refusal is the
// answer: 409 NOT_ON_SHELF, 404 for an unknown place) or a batch (200 with what was refused, by index); GET shows
// the cells: the shelf, the claims, and how far OCI's on-hand runs ahead of it and why.

export const PHYSICAL_PATH = '/__emulator/physical';

export function physicalRoutes(deps: { physical: PhysicalService; book: OversellBook; guard: RequestHandler }): Router {
  const router = Router();
  const { physical, book } = deps;
  for (const kind of PHYSICAL_KINDS) {
    resource(router, undefined, `${PHYSICAL_PATH}/${kind}`, {
      POST: [
        deps.guard,
        (req, res) => {
          const { events, single } = physicalEvents(kind, req.body);
          if (single) {
            physical.one(kind, events[0]);
            res.json({ applied: 1, refused: [] });
          } else res.json(physical.apply(kind, events));
        },
      ],
    });
  }
  resource(router, undefined, PHYSICAL_PATH, {
    GET: [
      deps.guard,
      (req, res) => {
        const query = physicalQuery(req.query);
        const tenantGroupId = query.tenantGroupId === undefined ? undefined : physical.tenantGroup(query.tenantGroupId);
        for (const tg of tenantGroupId === undefined ? physical.tenantGroups() : [tenantGroupId]) book.catchUp(tg);
        const cells = [];
        let more = false;
        for (const cell of book.stored.cells.values()) {
          if ((tenantGroupId !== undefined && cell.tenantGroupId !== tenantGroupId) || (query.location !== undefined && cell.location !== query.location) || (query.sku !== undefined && cell.sku !== query.sku)) continue;
          if (cells.length === query.limit) {
            more = true;
            break;
          }
          cells.push(cellView(cell));
        }
        res.json({ cells, truncated: more });
      },
    ],
  });
  return router;
}
