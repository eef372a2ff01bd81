import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { parseBody } from '../../core/http/parse-body.js';
import { resource } from '../../core/http/resource.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { DEFAULT_SHOPPER_SCOPES, type SlasClient } from './model.js';
import type { SlasService } from './service.js';

// /__emulator/instances/{instanceId}/slas-clients: the SLAS clients of an instance, and a new one (the stand-in
// for SLAS Admin's client API), behind the control plane's admin guard.

const clientBody = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, - or _').optional(),
  name: z.string().min(1).max(200).optional(),
  /** A private client's secret; none makes a public (PKCE) client. */
  secret: z.string().min(12, 'must be at least 12 characters').max(200).optional(),
  redirectUris: z.array(z.string().max(256).refine((u) => URL.canParse(u), 'must be absolute URIs')).max(20).default([]),
  channels: z.array(z.string().min(1).max(100)).min(1).max(100).default(['*']),
  scopes: z.array(z.string().min(1).max(100)).max(50).default([...DEFAULT_SHOPPER_SCOPES]),
});

export function slasControlRoutes(deps: { slas: SlasService; guard: RequestHandler; exists: (instanceId: string) => boolean; newId: () => string }): Router {
  const router = Router();
  const path = '/__emulator/instances/:instanceId/slas-clients';
  const instance = (id: string) => {
    if (!deps.exists(id)) throw new AppError(404, GenericCode.NotFound, `No B2C instance ${id}`);
    return id;
  };
  // A secret is shown once, in the answer that creates the client; it is kept only as a hash.
  const view = (c: SlasClient, secret?: string) => ({
    id: c.id,
    name: c.name,
    type: c.secretHash === undefined ? 'public' : 'private',
    ...(secret !== undefined ? { secret } : {}),
    redirectUris: c.redirectUris,
    channels: c.channels,
    scopes: c.scopes,
    createdAt: c.createdAt,
  });
  resource(router, undefined, path, {
    GET: [deps.guard, (req, res) => res.json({ clients: deps.slas.clients(instance(String(req.params.instanceId))).map((c) => view(c)) })],
    POST: [
      deps.guard,
      // The control plane's router already read the JSON body of every /__emulator call (and checked the admin
      // token); the guard here only keeps this route safe if it is ever mounted elsewhere.
      (req, res) => {
        const id = instance(String(req.params.instanceId));
        const b = parseBody(clientBody, req.body);
        const created = deps.slas.createClient(id, { id: b.id ?? deps.newId(), name: b.name ?? 'SLAS client', redirectUris: b.redirectUris, channels: b.channels, scopes: b.scopes }, b.secret);
        res.status(201).json(view(created, b.secret));
      },
    ],
  });
  return router;
}
