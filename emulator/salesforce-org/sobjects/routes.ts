import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { SalesforceOrgPrincipal } from '../../core/auth/principal.js';
import { jsonBody } from '../../core/http/body.js';
import { onlyMethods } from '../../core/http/methods.js';
import { restVersion, versionList } from '../api-versions.js';
import { basicInfo, describe, describeGlobal } from './views.js';
import type { Caller, SObjectService } from './service.js';

// The REST API's `/services/data`: the version list, the resources of a version, and the sObject resources of
// the location graph. Every versioned path checks its version before anything else (410 retired, 404 unknown).

const V = '/services/data/:version';

export function dataRoutes(deps: { sobjects: SObjectService; session: RequestHandler; bodyLimit: number }): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const auth = deps.session;

  router.get('/services/data', (_req, res) => {
    res.json(versionList());
  });
  router.use(V, (req, _res, next) => {
    restVersion(String(req.params.version));
    next();
  });

  router.get(V, auth, (req, res) => {
    const base = `/services/data/v${version(req)}.0`;
    res.json({ sobjects: `${base}/sobjects`, connect: `${base}/connect`, commerce: `${base}/commerce` });
  });
  router.get(`${V}/sobjects`, auth, (req, res) => {
    res.json(describeGlobal(version(req)));
  });

  const type = (req: Request) => deps.sobjects.type(String(req.params.type), version(req));
  router.get(`${V}/sobjects/:type`, auth, (req, res) => {
    res.json(basicInfo(version(req), type(req)));
  });
  router.post(`${V}/sobjects/:type`, auth, ...json, (req, res) => {
    res.status(201).json(deps.sobjects.create(caller(res), type(req), req.body));
  });
  router.all(`${V}/sobjects/:type`, onlyMethods(['GET', 'POST', 'HEAD']));

  router.get(`${V}/sobjects/:type/describe`, auth, (req, res) => {
    res.json(describe(version(req), type(req)));
  });
  router.all(`${V}/sobjects/:type/describe`, onlyMethods(['GET', 'HEAD']));

  router.get(`${V}/sobjects/:type/:id`, auth, (req, res) => {
    res.json(deps.sobjects.read(caller(res), type(req), String(req.params.id), version(req), fieldsParam(req)));
  });
  router.patch(`${V}/sobjects/:type/:id`, auth, ...json, (req, res) => {
    deps.sobjects.update(caller(res), type(req), String(req.params.id), req.body);
    res.status(204).end();
  });
  router.delete(`${V}/sobjects/:type/:id`, auth, (req, res) => {
    deps.sobjects.delete(caller(res), type(req), String(req.params.id));
    res.status(204).end();
  });
  router.all(`${V}/sobjects/:type/:id`, onlyMethods(['GET', 'PATCH', 'DELETE', 'HEAD']));
  return router;
}

/** The version of a path already checked by the guard above. */
export function version(req: Request): number {
  return restVersion(String(req.params.version));
}

export function caller(res: Response): Caller {
  const p = res.locals.principal as SalesforceOrgPrincipal;
  return { orgId: p.orgId, userId: p.userId };
}

function fieldsParam(req: Request): string[] | undefined {
  const raw = req.query.fields;
  if (typeof raw !== 'string') return undefined;
  return raw.split(',').map((f) => f.trim()).filter(Boolean);
}
