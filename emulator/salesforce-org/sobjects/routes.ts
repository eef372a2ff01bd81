import { Router, type Request, type RequestHandler, type Response } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';
import { restVersion, versionList } from '../api-versions.js';
import { caller, version } from '../http/rest-context.js';
import { bodyFields, fieldsParam } from './requests.js';
import type { SObjectService } from './service.js';
import { basicInfo, describe, describeGlobal } from './views.js';

// The REST API's `/services/data`: the version list, the resources of a version, and the sObject resources of
// the location graph. Every versioned path checks its version before anything else (410 retired, 404 unknown),
// the Connect resources (graph/routes.ts) included: this router comes first.

const V = '/services/data/:version';

export function dataRoutes(deps: { sobjects: SObjectService; session: RequestHandler; bodyLimit: number }): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const auth = deps.session;

  resource(router, undefined, '/services/data', { GET: [(_req, res) => res.json(versionList())] });
  router.use(V, (req, _res, next) => {
    restVersion(String(req.params.version));
    next();
  });

  resource(router, undefined, V, {
    GET: [
      auth,
      (req, res) => {
        const base = `/services/data/v${version(req)}.0`;
        res.json({ sobjects: `${base}/sobjects`, connect: `${base}/connect`, commerce: `${base}/commerce` });
      },
    ],
  });
  resource(router, undefined, `${V}/sobjects`, { GET: [auth, (req, res) => res.json(describeGlobal(version(req)))] });

  const type = (req: Request) => deps.sobjects.type(String(req.params.type), version(req));
  /** The body's fields, checked against the type (after the type itself). */
  const values = (req: Request, mode: 'create' | 'update') => bodyFields(type(req), req.body, mode);
  const basic = [auth, (req: Request, res: Response) => res.json(basicInfo(version(req), type(req)))];
  resource(router, undefined, `${V}/sobjects/:type`, {
    GET: basic,
    POST: [auth, ...json, (req, res) => res.status(201).json(deps.sobjects.create(caller(res), type(req), values(req, 'create')))],
    HEAD: basic,
  });

  const described = [auth, (req: Request, res: Response) => res.json(describe(version(req), type(req)))];
  resource(router, undefined, `${V}/sobjects/:type/describe`, { GET: described, HEAD: described });

  const read = [
    auth,
    (req: Request, res: Response) => res.json(deps.sobjects.read(caller(res), type(req), String(req.params.id), version(req), fieldsParam(req.query.fields))),
  ];
  resource(router, undefined, `${V}/sobjects/:type/:id`, {
    GET: read,
    PATCH: [
      auth,
      ...json,
      (req, res) => {
        deps.sobjects.update(caller(res), type(req), String(req.params.id), values(req, 'update'));
        res.status(204).end();
      },
    ],
    DELETE: [
      auth,
      (req, res) => {
        deps.sobjects.delete(caller(res), type(req), String(req.params.id));
        res.status(204).end();
      },
    ],
    HEAD: read,
  });
  return router;
}
