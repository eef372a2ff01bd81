import { Router, type Request, type Response } from 'express';
import { jsonBody } from '../../../core/http/body.js';
import { receiveUpload } from '../../../core/http/multipart-upload.js';
import { resource } from '../../../core/http/resource.js';
import { clientOf } from '../../../core/auth/require-auth.js';
import { OCI_SCOPE } from '../../guard.js';
import { tenantGroupOf, type OciRouteDeps } from '../../route-deps.js';
import { sendJobFile } from '../jobs/send-file.js';
import { parseAvailableFlag, parseImportRequest } from './requests.js';
import type { ImportService } from './service.js';
import { importStatusBody, initiateImportBody } from './views.js';
import type { ImportKind } from '../jobs/model.js';

// Impex imports (/inventory/impex/v1/organizations/{tenantGroupId}/…/imports): availability records and product
// segmentation share the flow — initiate, upload to the link, poll the status, read the result file, list, delete.

export interface ImportRouteDeps extends OciRouteDeps {
  imports: ImportService;
  /** The gateway's cap on an upload (100 MB); larger files must be gzip-compressed to fit. */
  uploadLimitBytes: number;
}

const SCOPES = {
  availability: { initiate: OCI_SCOPE.impexInventoryWrite, manage: OCI_SCOPE.impexInventoryWrite, result: OCI_SCOPE.impexInventoryWrite },
  'product-segmentation': {
    initiate: [OCI_SCOPE.impexInventoryWrite, OCI_SCOPE.impexInventory],
    manage: OCI_SCOPE.impexInventoryWrite,
    result: OCI_SCOPE.impexInventory,
  },
} as const;

export function importRoutes(deps: ImportRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });

  for (const kind of ['availability', 'product-segmentation'] as const satisfies readonly ImportKind[]) {
    const base = `/inventory/impex/v1/organizations/:organizationId/${kind === 'availability' ? 'availability-records' : 'product-segmentation'}/imports`;
    const scopes = SCOPES[kind];
    const manage = deps.guard(scopes.manage);

    const initiate = [
      deps.guard(scopes.initiate),
      ...json,
      (req: Request, res: Response) => {
        const job = deps.imports.create(tenantGroupOf(req), kind, 'impex', parseImportRequest(req.body), clientOf(res.locals.principal));
        res.status(200).json(initiateImportBody(tenantGroupOf(req), job));
      },
    ];
    // Only availability imports can be listed (by whether their upload link still takes a file).
    const list = [
      manage,
      (req: Request, res: Response) => {
        res.json({ imports: deps.imports.list(tenantGroupOf(req), kind, parseAvailableFlag(req.query.available)) });
      },
    ];
    resource(router, deps.lane, base, kind === 'availability' ? { GET: list, POST: initiate } : { POST: initiate });

    resource(router, deps.lane, `${base}/uploadlink/:uploadLinkId`, {
      POST: [
        manage,
        async (req, res) => {
          const tenant = tenantGroupOf(req);
          const job = deps.imports.uploadTarget(tenant, kind, String(req.params.uploadLinkId));
          const received = await deps.imports.receive(tenant, job, () =>
            receiveUpload(req, deps.imports.uploadPath(tenant, job), {
              limitBytes: deps.uploadLimitBytes,
              hashAlgorithm: deps.imports.hashAlgorithm(job),
              tooLargeHint: 'Files over 100 MB must be gzip-compressed (fileEncoding GZIP).',
            }),
          );
          res.status(200).json({ status: received.status, importId: received.id });
        },
      ],
    });

    resource(router, deps.lane, `${base}/:importId/status`, {
      GET: [manage, (req, res) => res.json(importStatusBody(tenantGroupOf(req), deps.imports.status(tenantGroupOf(req), String(req.params.importId), kind)))],
    });

    resource(router, deps.lane, `${base}/:importId/file-content`, {
      GET: [deps.guard(scopes.result), (req, res) => sendJobFile(res, deps.imports.resultFile(tenantGroupOf(req), String(req.params.importId), kind), 'application/json')],
    });

    resource(router, deps.lane, `${base}/:importId`, {
      DELETE: [
        manage,
        async (req, res) => {
          await deps.imports.remove(tenantGroupOf(req), String(req.params.importId), kind);
          res.status(204).end();
        },
      ],
    });
  }
  return router;
}
