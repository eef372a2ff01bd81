import { Router, type RequestHandler } from 'express';
import { AppError } from '../../core/errors/app-error.js';
import { resource } from '../../core/http/resource.js';
import { CAUSES, CAUSE_IDS } from '../causes.js';
import type { OversellBook } from './book.js';
import { oversellQuery } from './requests.js';
import { oversellText, oversellView } from './views.js';

// GET /__emulator/oversell: what was oversold, per cause, per SKU and place, and when (JSON, or the table with
// ?format=text); /causes lists the causes with the lesson each teaches. The page a trainer's console shows.

export const OVERSELL_PATH = '/__emulator/oversell';

export function oversellRoutes(deps: { book: OversellBook; tenantGroups: () => string[]; guard: RequestHandler }): Router {
  const router = Router();
  const { book } = deps;
  resource(router, undefined, OVERSELL_PATH, {
    GET: [
      deps.guard,
      (req, res) => {
        const query = oversellQuery(req.query);
        const known = deps.tenantGroups();
        if (query.tenantGroupId !== undefined && !known.includes(query.tenantGroupId)) {
          throw new AppError(404, 'UNKNOWN_TENANT_GROUP', `No tenant group '${query.tenantGroupId}'; known: ${known.join(', ') || 'none'}.`);
        }
        for (const tg of known) book.catchUp(tg);
        const view = oversellView(book.stored.places.values(), book.stored.orders.values(), query);
        if (query.format === 'text') res.type('text/plain; charset=utf-8').send(oversellText(view));
        else res.json(view);
      },
    ],
  });
  resource(router, undefined, `${OVERSELL_PATH}/causes`, {
    GET: [deps.guard, (_req, res) => res.json({ causes: CAUSE_IDS.map((id) => ({ cause: id, ...CAUSES[id] })) })],
  });
  return router;
}
