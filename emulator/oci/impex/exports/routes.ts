import { Router, type Request } from 'express';
import { jsonBody } from '../../../core/http/body.js';
import { onlyMethods } from '../../../core/http/methods.js';
import { OCI_SCOPE, type OciGuard } from '../../guard.js';
import type { ExportService } from './service.js';
import { exportSegment, exportStatusBody, initiateExportBody } from './views.js';
import type { ExportKind } from '../jobs/model.js';
import { sendNdjsonFile } from '../imports/routes.js';

// Impex exports (/inventory/impex/v1/organizations/{tenantGroupId}/…/exports): initiate, status, file-content and
// (except the event log) delete, with the scopes the RAML gives each route.

export interface ExportRouteDeps {
  exports: ExportService;
  guard: OciGuard;
  bodyLimit: number;
}

type Scope = string | readonly string[];

const ROUTES: { kind: ExportKind; initiate: Scope; read: Scope; deletable: boolean }[] = [
  { kind: 'location-graph', initiate: OCI_SCOPE.impexGraphs, read: OCI_SCOPE.impexGraphs, deletable: true },
  { kind: 'availability', initiate: OCI_SCOPE.impexInventory, read: OCI_SCOPE.impexInventory, deletable: true },
  { kind: 'product-segmentation', initiate: [OCI_SCOPE.impexInventoryWrite, OCI_SCOPE.impexInventory], read: OCI_SCOPE.impexInventory, deletable: true },
  { kind: 'event-log', initiate: OCI_SCOPE.impexInventoryWrite, read: OCI_SCOPE.impexInventory, deletable: false },
  { kind: 'reservations', initiate: OCI_SCOPE.impexInventoryWrite, read: OCI_SCOPE.impexInventory, deletable: true },
];

export function exportRoutes(deps: ExportRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const tg = (req: Request) => String(req.params.organizationId);

  for (const route of ROUTES) {
    const { kind } = route;
    const base = `/inventory/impex/v1/organizations/:organizationId/${exportSegment(kind)}`;
    router.post(base, deps.guard(route.initiate), ...json, (req, res) => {
      res.status(200).json(initiateExportBody(tg(req), deps.exports.initiate(tg(req), kind, kind === 'location-graph' ? (req.body ?? {}) : req.body)));
    });
    router.all(base, onlyMethods(['POST']));

    router.get(`${base}/:exportId/status`, deps.guard(route.read), (req, res) => {
      res.json(exportStatusBody(tg(req), deps.exports.status(tg(req), kind, String(req.params.exportId))));
    });
    router.all(`${base}/:exportId/status`, onlyMethods(['GET']));

    router.get(`${base}/:exportId/file-content`, deps.guard(route.read), (req, res) => {
      const job = deps.exports.status(tg(req), kind, String(req.params.exportId));
      const path = deps.exports.file(tg(req), kind, job.id);
      const type = kind === 'availability' && job.request.placeType === 'location' ? 'application/text' : 'application/json';
      sendNdjsonFile(res, path, type);
    });
    router.all(`${base}/:exportId/file-content`, onlyMethods(['GET']));

    if (route.deletable) {
      router.delete(`${base}/:exportId`, deps.guard(route.read), async (req, res) => {
        await deps.exports.remove(tg(req), kind, String(req.params.exportId));
        res.status(204).end();
      });
      router.all(`${base}/:exportId`, onlyMethods(['DELETE']));
    }
  }
  return router;
}
