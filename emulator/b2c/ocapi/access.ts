import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Authenticator } from '../../core/auth/authenticator.js';
import { requireAuth } from '../../core/auth/require-auth.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Store } from '../../core/store/store.js';
import type { Services } from '../../party.js';
import { instanceByHost } from '../instances.js';
import { B2C_NAMESPACE, instanceNamespace, type B2cInstanceState, type B2cState } from '../model.js';

// Who may call an instance's OCAPI Data API, and which instance a request is for.
// - The caller is an Account Manager API client that the instance's Open Commerce API Settings allow. A client
//   holding the Salesforce Commerce API role is refused: Account Manager documents that such clients are for
//   SCAPI (and OCI) only.
// - The instance is the one whose host the request was sent to; on the emulator's own host (127.0.0.1) it is the
//   only instance when there is one. [decision]
// - The version segment is v{major}_{minor}, from 19.1 to 25.6 (the spec's version).

export const OCAPI_VERSIONS = { min: [19, 1], max: [25, 6] } as const;

export function ocapiAccess(authenticator: Authenticator, store: Store, services: Services): RequestHandler[] {
  const version = (req: Request, _res: Response, next: NextFunction) => {
    const m = /^v(\d+)_(\d+)$/.exec(String(req.params.version));
    if (!m) return next(new AppError(404, GenericCode.RouteNotFound, `'${req.params.version}' is not an OCAPI version segment: use v{major}_{minor}, e.g. v25_6.`));
    const v = [Number(m[1]), Number(m[2])] as const;
    const below = v[0] < OCAPI_VERSIONS.min[0] || (v[0] === OCAPI_VERSIONS.min[0] && v[1] < OCAPI_VERSIONS.min[1]);
    const above = v[0] > OCAPI_VERSIONS.max[0] || (v[0] === OCAPI_VERSIONS.max[0] && v[1] > OCAPI_VERSIONS.max[1]);
    if (below || above) {
      return next(new AppError(400, 'UnsupportedVersionException', `OCAPI version ${v[0]}.${v[1]} is not supported: use 19.1 to 25.6.`, { details: { version: { type: 'string', value: `${v[0]}.${v[1]}` } } }));
    }
    next();
  };
  const auth = requireAuth(authenticator, { principals: ['account-manager'] });
  const allowed = (req: Request, res: Response, next: NextFunction) => {
    const instances = store.get<B2cState>(B2C_NAMESPACE)?.instances ?? {};
    const all = Object.keys(instances);
    const instanceId = instanceByHost(store, req) ?? (all.length === 1 ? all[0] : undefined);
    if (!instanceId) return next(new AppError(404, GenericCode.RouteNotFound, 'No B2C instance answers at this host: send the request to the instance host (Host header).'));
    const principal = res.locals.principal;
    const clientId = principal?.kind === 'account-manager' ? principal.clientId : '';
    if (services.accountManager?.holdsCommerceApiRole(clientId)) {
      return next(
        new AppError(403, GenericCode.Forbidden, `The API client ${clientId} holds the Salesforce Commerce API role; Account Manager does not allow such clients to use OCAPI. Use a client without it.`),
      );
    }
    const settings = store.get<B2cInstanceState>(instanceNamespace(instanceId))?.ocapiClients ?? [];
    if (!settings.includes(clientId)) {
      return next(new AppError(403, GenericCode.Forbidden, `The API client ${clientId} is not configured in the Open Commerce API Settings of ${instanceId}.`));
    }
    res.locals.instance = instanceId;
    next();
  };
  return [version, auth, allowed];
}
