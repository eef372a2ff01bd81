import { Router } from 'express';
import { jsonBody } from '../../../core/http/body.js';
import { resource } from '../../../core/http/resource.js';
import { OCI_SCOPE } from '../../guard.js';
import { tenantGroupOf, type OciRouteDeps } from '../../route-deps.js';
import type { ExportService } from './service.js';
import { exportSegment, exportStatusBody, initiateExportBody } from './views.js';
import type { ExportKind } from '../jobs/model.js';
import { sendJobFile } from '../jobs/send-file.js';

// Impex exports (/inventory/impex/v1/organizations/{tenantGroupId}/…/exports): initiate, status, file-content and
// (except the event log) delete, with the scopes the RAML gives each route.

export interface ExportRouteDeps extends OciRouteDeps {
  exports: ExportService;
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

  for (const route of ROUTES) {
    const { kind } = route;
    const base = `/inventory/impex/v1/organizations/:organizationId/${exportSegment(kind)}`;
    const read = deps.guard(route.read);
    resource(router, deps.lane, base, {
      POST: [
        deps.guard(route.initiate),
        ...json,
        (req, res) => {
          res.status(200).json(initiateExportBody(tenantGroupOf(req), deps.exports.initiate(tenantGroupOf(req), kind, kind === 'location-graph' ? (req.body ?? {}) : req.body)));
        },
      ],
    });

    resource(router, deps.lane, `${base}/:exportId/status`, {
      GET: [read, (req, res) => res.json(exportStatusBody(tenantGroupOf(req), deps.exports.status(tenantGroupOf(req), kind, String(req.params.exportId))))],
    });

    resource(router, deps.lane, `${base}/:exportId/file-content`, {
      GET: [
        read,
        (req, res) => {
          const job = deps.exports.status(tenantGroupOf(req), kind, String(req.params.exportId));
          const path = deps.exports.file(tenantGroupOf(req), kind, job.id);
          sendJobFile(res, path, kind === 'availability' && job.request.placeType === 'location' ? 'application/text' : 'application/json');
        },
      ],
    });

    if (route.deletable) {
      resource(router, deps.lane, `${base}/:exportId`, {
        DELETE: [
          read,
          async (req, res) => {
            await deps.exports.remove(tenantGroupOf(req), kind, String(req.params.exportId));
            res.status(204).end();
          },
        ],
      });
    }
  }
  return router;
}
