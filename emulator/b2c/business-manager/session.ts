import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import type { LaneHandler } from '../../core/http/fast-lane.js';
import type { Authenticator } from '../../core/auth/authenticator.js';
import { requireAuth } from '../../core/auth/require-auth.js';
import type { Principal } from '../../core/auth/principal.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Store } from '../../core/store/store.js';
import { instanceByHost, instanceOf } from '../instances.js';

// Who may use an instance's Business Manager pages. Business Manager users sign in through Account Manager;
// [decision] the emulator takes an Account Manager token whose tenant scope names the instance
// (`SALESFORCE_COMMERCE_API:<instance>`) as that sign-in. The instance is the one whose Business Manager host
// the request was sent to (Host header), or, on the emulator's own host, the one the token names.

export function businessManagerSession(authenticator: Authenticator, store: Store): RequestHandler[] {
  return businessManagerLaneSession(authenticator, store);
}

/** The same sign-in, typed for the fast lane (it reads only headers and locals, so it runs on both). */
export function businessManagerLaneSession(authenticator: Authenticator, store: Store): LaneHandler[] {
  const auth = requireAuth(authenticator, { principals: ['account-manager'] });
  const instance = (req: { headers: IncomingHttpHeaders }, res: { locals: Record<string, unknown> }, next: (error?: unknown) => void) => {
    const principal = res.locals.principal as Principal | undefined;
    const byHost = instanceByHost(store, req);
    const named = principal?.kind === 'account-manager' ? principal.tenant : undefined;
    if (byHost && named && byHost !== named) {
      return next(new AppError(403, GenericCode.TenantForbidden, `The token signs in to ${named}, not to ${byHost} (the Business Manager at ${req.headers.host}).`));
    }
    const id = byHost ?? named;
    if (!id || !instanceOf(store, id)) {
      return next(new AppError(403, GenericCode.TenantForbidden, 'Sign in to a Business Manager: use a token requested with scope SALESFORCE_COMMERCE_API:<instance> of a known instance.'));
    }
    res.locals.instance = id;
    next();
  };
  return [auth, instance];
}
