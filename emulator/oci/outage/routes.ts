import { Router, type RequestHandler } from 'express';
import { resource } from '../../core/http/resource.js';
import { parseSchedule } from './requests.js';
import type { OutageService } from './service.js';
import { faultsView, windowView } from './views.js';

// /__emulator/faults/oci: the OCI outage schedule (see docs/faults.md), behind the control plane's admin guard.
// GET shows it, POST adds a window, DELETE ends every window now (recovery).

export const OCI_FAULTS_PATH = '/__emulator/faults/oci';

export function outageRoutes(deps: { outage: OutageService; guard: RequestHandler }): Router {
  const router = Router();
  const { outage } = deps;
  const show = () => {
    const now = outage.now();
    return faultsView(now, outage.current(), outage.windows());
  };
  // The control plane's own router has read the JSON body of every /__emulator call and checked the admin token
  // already; the guard keeps these routes safe wherever they are mounted.
  resource(router, undefined, OCI_FAULTS_PATH, {
    GET: [deps.guard, (_req, res) => res.json(show())],
    POST: [deps.guard, (req, res) => res.status(201).json(windowView(outage.schedule(parseSchedule(req.body)), outage.now()))],
    DELETE: [
      deps.guard,
      (_req, res) => {
        outage.clear();
        res.json(show());
      },
    ],
  });
  return router;
}
