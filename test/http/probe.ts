import express, { type Express } from 'express';
import { requireAuth, type AuthRule } from '../../emulator/core/auth/require-auth.js';
import { errorRenderer, notFoundHandler } from '../../emulator/core/errors/render.js';
import { jsonBody } from '../../emulator/core/http/body.js';
import { requestContext } from '../../emulator/core/http/context.js';
import { APIS } from '../../emulator/parties.js';
import type { Emulator } from '../../emulator/index.js';

// A probe app built from the emulator's own pipeline pieces (context, body parser, auth guard, error renderer),
// mounted under any API prefix, so behaviour shared by every API can be tested before each API has routes.

export function probeApp(emulator: Emulator, prefix: string, rule: AuthRule): Express {
  const app = express();
  app.use(requestContext(APIS));
  app.post(`${prefix}/organizations/:organizationId/probe`, requireAuth(emulator.authenticator, rule), ...jsonBody({ limit: 1024 }), (req, res) => {
    res.json({ ok: true, tenant: res.locals.tenant, echo: req.body });
  });
  app.post(`${prefix}/open`, ...jsonBody({ limit: 1024 }), (req, res) => {
    res.json({ echo: req.body });
  });
  app.get(`${prefix}/boom`, () => {
    throw new Error('secret internal detail');
  });
  app.use(notFoundHandler);
  app.use(errorRenderer(() => {}));
  return app;
}
