import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError, GenericCode } from '../core/errors/app-error.js';

// With --admin-token set, every control-plane call must present it (`Authorization: Bearer …` or
// `X-Emulator-Admin-Token`). Both sides are hashed first so the comparison takes the same time whatever the length.

export function adminGuard(adminToken: string | undefined): RequestHandler {
  if (!adminToken) return (_req, _res, next) => next();
  const expected = digest(adminToken);
  return (req, _res, next) => {
    const header = req.get('x-emulator-admin-token') ?? /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (header !== undefined && timingSafeEqual(digest(header.trim()), expected)) return next();
    next(
      new AppError(401, GenericCode.Unauthorized, 'The control plane needs the admin token: send Authorization: Bearer <admin token>', {
        headers: { 'WWW-Authenticate': 'Bearer realm="oci-emulator-control"' },
      }),
    );
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
