import { Router } from 'express';
import type { Journal } from '../../core/journal.js';
import { resource } from '../../core/http/resource.js';
import type { OciGuard } from '../guard.js';

// `PUT /inventory/internal/v1/organizations/{tenantGroupId}`: public org-auth clients call it before their first
// Commerce API call and expect 204. Undocumented; the emulator accepts any token valid for the tenant group and
// records the call.

export interface HandshakeRouteDeps {
  guard: OciGuard;
  journal: Journal;
}

export function handshakeRoutes(deps: HandshakeRouteDeps): Router {
  const router = Router();
  resource(router, undefined, '/inventory/internal/v1/organizations/:organizationId', {
    PUT: [
      deps.guard(),
      (req, res) => {
        deps.journal.emit({ type: 'oci.handshake', tenant: String(req.params.organizationId), data: { principal: res.locals.principal?.kind } });
        res.status(204).end();
      },
    ],
  });
  return router;
}
