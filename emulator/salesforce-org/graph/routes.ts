import { Router, type RequestHandler } from 'express';
import type { SalesforceOrgPrincipal } from '../../core/auth/principal.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { onlyMethods } from '../../core/http/methods.js';
import { OCI_API_SINCE } from '../api-versions.js';
import type { GraphPublishService } from './service.js';
import { version } from '../sobjects/routes.js';

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
  router.post(BASE, since51, deps.session, (_req, res) => {
    const p = res.locals.principal as SalesforceOrgPrincipal;
    res.status(201).json(deps.publish.request(p.orgId, p.username));
  });
  router.all(BASE, onlyMethods(['POST']));
  router.get(`${BASE}/:uploadId`, since51, deps.session, (req, res) => {
    const p = res.locals.principal as SalesforceOrgPrincipal;
    res.json(deps.publish.status(p.orgId, String(req.params.uploadId)));
  });
  router.all(`${BASE}/:uploadId`, onlyMethods(['GET', 'HEAD']));
  return router;
}
