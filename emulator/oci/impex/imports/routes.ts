import { createReadStream, statSync } from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { jsonBody } from '../../../core/http/body.js';
import { onlyMethods } from '../../../core/http/methods.js';
import { receiveUpload } from '../../../core/http/multipart-upload.js';
import { clientOf } from '../../../core/auth/require-auth.js';
import { ociErrors } from '../../errors.js';
import { OCI_SCOPE, type OciGuard } from '../../guard.js';
import { parseImportRequest } from './requests.js';
import type { ImportService } from './service.js';
import { importStatusBody, initiateImportBody } from './views.js';
import type { ImportKind } from '../jobs/model.js';

// Impex imports (/inventory/impex/v1/organizations/{tenantGroupId}/…/imports): availability records and product
// segmentation share the flow — initiate, upload to the link, poll the status, read the result file, list, delete.

export interface ImportRouteDeps {
  imports: ImportService;
  guard: OciGuard;
  bodyLimit: number;
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
  const tg = (req: Request) => String(req.params.organizationId);

  for (const kind of ['availability', 'product-segmentation'] as const satisfies readonly ImportKind[]) {
    const base = `/inventory/impex/v1/organizations/:organizationId/${kind === 'availability' ? 'availability-records' : 'product-segmentation'}/imports`;
    const scopes = SCOPES[kind];

    router.post(base, deps.guard(scopes.initiate), ...json, (req, res) => {
      const job = deps.imports.create(tg(req), kind, 'impex', parseImportRequest(req.body), clientOf(res.locals.principal));
      res.status(200).json(initiateImportBody(tg(req), job));
    });
    if (kind === 'availability') {
      router.get(base, deps.guard(scopes.manage), (req, res) => {
        const available = req.query.available;
        if (available !== undefined && available !== 'true' && available !== 'false') {
          throw ociErrors.invalidParameter('available', "'available' must be true or false");
        }
        res.json({ imports: deps.imports.list(tg(req), kind, available === 'true') });
      });
    }
    router.all(base, onlyMethods(kind === 'availability' ? ['GET', 'POST'] : ['POST']));

    router.post(`${base}/uploadlink/:uploadLinkId`, deps.guard(scopes.manage), async (req, res) => {
      const tenant = tg(req);
      const job = deps.imports.uploadTarget(tenant, kind, String(req.params.uploadLinkId));
      const received = await deps.imports.receive(tenant, job, () =>
        receiveUpload(req, deps.imports.uploadPath(tenant, job), {
          limitBytes: deps.uploadLimitBytes,
          hashAlgorithm: deps.imports.hashAlgorithm(job),
          tooLargeHint: 'Files over 100 MB must be gzip-compressed (fileEncoding GZIP).',
        }),
      );
      res.status(200).json({ status: received.status, importId: received.id });
    });
    router.all(`${base}/uploadlink/:uploadLinkId`, onlyMethods(['POST']));

    router.get(`${base}/:importId/status`, deps.guard(scopes.manage), (req, res) => {
      res.json(importStatusBody(tg(req), deps.imports.status(tg(req), String(req.params.importId), kind)));
    });
    router.all(`${base}/:importId/status`, onlyMethods(['GET']));

    router.get(`${base}/:importId/file-content`, deps.guard(scopes.result), (req, res) => {
      sendNdjsonFile(res, deps.imports.resultFile(tg(req), String(req.params.importId), kind), 'application/json');
    });
    router.all(`${base}/:importId/file-content`, onlyMethods(['GET']));

    router.delete(`${base}/:importId`, deps.guard(scopes.manage), async (req, res) => {
      await deps.imports.remove(tg(req), String(req.params.importId), kind);
      res.status(204).end();
    });
    router.all(`${base}/:importId`, onlyMethods(['DELETE']));
  }
  return router;
}

/** Streams a job file (a result or an export) without reading it into memory. */
export function sendNdjsonFile(res: Response, path: string, contentType: string): void {
  const size = statSync(path).size;
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', size);
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
