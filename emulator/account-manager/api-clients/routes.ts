import { Router } from 'express';
import type { Authenticator } from '../../core/auth/authenticator.js';
import { requireAuth } from '../../core/auth/require-auth.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';
import { ADMIN_ROLE } from '../model.js';
import { origin } from '../tokens/requests.js';
import { expandParam, listParams } from './requests.js';
import type { ApiClientsService } from './service.js';

// Account Manager API Clients API (/dw/rest/v1/apiclients), for tokens of a client holding the Account
// Administrator role.

export function apiClientsRoutes(deps: { clients: ApiClientsService; authenticator: Authenticator; bodyLimit: number }): Router {
  const router = Router();
  const admin = requireAuth(deps.authenticator, {
    principals: ['account-manager'],
    check: (p) =>
      p.kind === 'account-manager' && p.roles.includes(ADMIN_ROLE)
        ? undefined
        : new AppError(403, GenericCode.Forbidden, 'Access is denied', { explain: `the caller lacks the ${ADMIN_ROLE} role` }),
  });
  const json = jsonBody({ limit: deps.bodyLimit });
  const base = '/dw/rest/v1/apiclients';

  resource(router, undefined, base, {
    GET: [
      admin,
      (req, res) => {
        const { page, size } = listParams(req.query);
        res.json(deps.clients.list(page, size));
      },
    ],
    POST: [
      admin,
      ...json,
      (req, res) => {
        const created = deps.clients.create(req.body);
        res.status(201).location(`${origin(req)}${base}/${created.id}`).json(created);
      },
    ],
  });

  resource(router, undefined, `${base}/:id`, {
    GET: [admin, (req, res) => res.json(deps.clients.get(String(req.params.id), expandParam(req.query.expand)))],
    PUT: [admin, ...json, (req, res) => res.json(deps.clients.update(String(req.params.id), req.body))],
    DELETE: [
      admin,
      (req, res) => {
        deps.clients.delete(String(req.params.id));
        res.status(204).end();
      },
    ],
  });

  resource(router, undefined, `${base}/:id/password`, {
    PUT: [
      admin,
      ...json,
      (req, res) => {
        deps.clients.changePassword(String(req.params.id), req.body);
        res.status(204).end();
      },
    ],
  });
  return router;
}
