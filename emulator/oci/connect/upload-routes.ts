import { Router, type Request, type RequestHandler, type Response } from 'express';
import { clientOf } from '../../core/auth/require-auth.js';
import { AppError, GenericCode, isAppError } from '../../core/errors/app-error.js';
import { receiveUpload } from '../../core/http/multipart-upload.js';
import { resource } from '../../core/http/resource.js';
import { OCI_API_SINCE } from '../../salesforce-org/api-versions.js';
import { connectSession, since } from './connect-access.js';
import { connectUploadStatusBody } from './upload-views.js';
import { DEFAULT_LINK_MINUTES, type ImportRequest } from '../impex/imports/requests.js';
import type { ImportService } from '../impex/imports/service.js';
import type { ImportJob } from '../impex/jobs/model.js';
import type { Services } from '../../party.js';

// The org's Connect availability upload (`…/commerce/oci/availability-records/uploads`): the NDJSON comes in the
// request itself, so one call is the impex initiate and upload together. It is an impex import job of the
// 'connect' channel run by the same engine; only the envelope (201, Salesforce REST errors, the status shape) and
// the 10 MB cap differ.
//
// [decision] The Connect doc wants future dates in the future; the engine does not check it, because the public
// Postman samples import past-dated futures and expect success. Both channels stay alike.

export interface ConnectUploadRouteDeps {
  imports: ImportService;
  /** The org's session guard and tenant groups. */
  services: Services;
}

/** The Connect cap; the Commerce API import takes 100 MB. */
const CONNECT_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
const TOO_LARGE_HINT = 'Connect uploads take at most 10 MB: split the file, or use the Commerce API impex import (100 MB, more when gzip-compressed).';

const UPLOADS = '/services/data/:version/commerce/oci/availability-records/uploads';

export function connectUploadRoutes(deps: ConnectUploadRouteDeps): Router {
  const router = Router();
  const session = connectSession(deps.services);
  const tg = (res: Response) => String(res.locals.tenant);

  resource(router, undefined, UPLOADS, {
    POST: [
      ...session,
      async (req, res) => {
        since(String(req.params.version), OCI_API_SINCE);
        const tenant = tg(res);
        const job = deps.imports.create(tenant, 'availability', 'connect', connectRequest(), clientOf(res.locals.principal));
        try {
          await deps.imports.receive(tenant, job, () =>
            receiveUpload(req, deps.imports.uploadPath(tenant, job), { limitBytes: CONNECT_UPLOAD_LIMIT_BYTES, hashAlgorithm: 'sha256', tooLargeHint: TOO_LARGE_HINT }),
          );
        } catch (error) {
          // The caller never learns this job's id, so it must not linger; if removing fails it expires with its link.
          await deps.imports.remove(tenant, job.id, 'availability').catch(() => undefined);
          throw noFileAsInvalidInput(error);
        }
        res.status(201).json({ errors: [], success: true, uploadId: job.id });
      },
    ],
  });

  const status: RequestHandler[] = [
    ...session,
    (req: Request, res: Response) => {
      since(String(req.params.version), OCI_API_SINCE);
      res.json(connectUploadStatusBody(connectJob(deps.imports, tg(res), String(req.params.uploadId))));
    },
  ];
  // Salesforce lists HEAD wherever it serves GET.
  resource(router, undefined, `${UPLOADS}/:uploadId`, { GET: status, HEAD: status });
  return router;
}

/**
 * The initiate request Connect implies: no name (the status never shows one), no hash, and no way to declare
 * gzip, so a gzip file fails validation as an undeclared one does on the impex API.
 */
function connectRequest(): ImportRequest {
  return { fileName: 'upload.json', gzip: false, hash: undefined, linkMinutes: DEFAULT_LINK_MINUTES };
}

/** Only the org's own Connect uploads: impex imports of the same tenant group are not Connect resources. */
function connectJob(imports: ImportService, tenantGroupId: string, uploadId: string): ImportJob {
  let job: ImportJob | undefined;
  try {
    job = imports.status(tenantGroupId, uploadId, 'availability');
  } catch (error) {
    if (!isAppError(error) || error.status !== 404) throw error;
  }
  if (!job || job.channel !== 'connect') {
    throw new AppError(404, GenericCode.NotFound, 'The requested resource does not exist', { explain: `no Connect availability upload ${uploadId} for this org` });
  }
  return job;
}

/**
 * A multipart body without a file is a missing input to Connect, not a JSON parse failure (the Salesforce REST
 * dialect's word for a malformed body); other refusals (415, 413, broken framing) keep their meaning.
 */
function noFileAsInvalidInput(error: unknown): unknown {
  if (isAppError(error) && error.code === GenericCode.MalformedBody && error.details.parameterName === 'file') {
    return new AppError(400, GenericCode.ValidationFailed, 'Missing required input: fileUpload. Send the NDJSON file as a multipart/form-data file part.', {
      explain: error.message,
    });
  }
  return error;
}
