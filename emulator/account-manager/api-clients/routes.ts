import { Router, type Request } from 'express';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Authenticator } from '../../core/auth/authenticator.js';
import { requireAuth } from '../../core/auth/require-auth.js';
import { jsonBody } from '../../core/http/body.js';
import { onlyMethods } from '../../core/http/methods.js';
import type { ApiClientsService } from './service.js';
import { ADMIN_ROLE } from '../model.js';
import { origin } from '../tokens/routes.js';

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

  router.get(base, admin, (req, res) => {
    res.json(deps.clients.list(pageParam(req, 'page', 0, 0, Number.MAX_SAFE_INTEGER), pageParam(req, 'size', 20, 1, 4000)));
  });
  router.post(base, admin, ...json, (req, res) => {
    const created = deps.clients.create(req.body);
    res.status(201).location(`${origin(req)}${base}/${created.id}`).json(created);
  });
  router.all(base, onlyMethods(['GET', 'POST']));

  router.get(`${base}/:id`, admin, (req, res) => {
    res.json(deps.clients.get(String(req.params.id), expandParam(req)));
  });
  router.put(`${base}/:id`, admin, ...json, (req, res) => {
    res.json(deps.clients.update(String(req.params.id), req.body));
  });
  router.delete(`${base}/:id`, admin, (req, res) => {
    deps.clients.delete(String(req.params.id));
    res.status(204).end();
  });
  router.all(`${base}/:id`, onlyMethods(['GET', 'PUT', 'DELETE']));

  router.put(`${base}/:id/password`, admin, ...json, (req, res) => {
    deps.clients.changePassword(String(req.params.id), req.body);
    res.status(204).end();
  });
  router.all(`${base}/:id/password`, onlyMethods(['PUT']));
  return router;
}

/** `page`/`size` as plain query parameters, or nested as `pageable[page]` the way some generators send them. */
function pageParam(req: Request, name: string, fallback: number, min: number, max: number): number {
  const raw = req.query[name] ?? req.query[`pageable[${name}]`] ?? (req.query.pageable as Record<string, unknown> | undefined)?.[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError(400, GenericCode.ValidationFailed, `${name} must be an integer between ${min} and ${max}`, { explain: `${name}=${String(raw)}` });
  }
  return n;
}

function expandParam(req: Request): string[] {
  const raw = req.query.expand;
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  return values.flatMap((v) => v.split(',')).map((v) => v.trim());
}
