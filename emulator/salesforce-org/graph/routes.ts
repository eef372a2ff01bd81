import { Router, type RequestHandler } from 'express';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { resource } from '../../core/http/resource.js';
import { OCI_API_SINCE } from '../api-versions.js';
import { caller, version } from '../http/rest-context.js';
import type { GraphPublishService } from './service.js';

// Connect REST API, Omnichannel Inventory: publishing the location graph (51.0 and later). The POST takes no
// payload; a body, if any, is not read.

const BASE = '/services/data/:version/commerce/oci/location-graph/uploads';

export function connectRoutes(deps: { publish: GraphPublishService; session: RequestHandler }): Router {
  const router = Router();
  const since51: RequestHandler = (req, _res, next) => {
    if (version(req) < OCI_API_SINCE) {
      throw new AppError(404, GenericCode.RouteNotFound, 'The requested resource does not exist', { explain: `Omnichannel Inventory resources start at ${OCI_API_SINCE}.0` });
    }
    next();
  };
  resource(router, undefined, BASE, {
    POST: [
      since51,
      deps.session,
      (_req, res) => {
        const p = caller(res);
        res.status(201).json(deps.publish.request(p.orgId, p.username));
      },
    ],
  });
  const status: RequestHandler[] = [since51, deps.session, (req, res) => res.json(deps.publish.status(caller(res).orgId, String(req.params.uploadId)))];
  resource(router, undefined, `${BASE}/:uploadId`, { GET: status, HEAD: status });
  return router;
}
