import { Router } from 'express';
import type { VirtualClock } from '../core/clock.js';
import type { Enforcement } from '../core/enforcement.js';
import { parseDuration, parseInstant } from '../core/duration.js';
import { AppError, GenericCode } from '../core/errors/app-error.js';
import { jsonBody } from '../core/http/body.js';
import { resource } from '../core/http/resource.js';
import type { Journal } from '../core/journal.js';
import type { Outbox } from '../core/outbox.js';
import type { Store } from '../core/store/store.js';
import { StoreNameError } from '../core/store/store.js';
import { FIXTURE_NAMES } from '../../fixtures/index.js';
import { adminGuard } from './admin-guard.js';
import { enforcementInput, fixtureRequest, journalQuery, outboxQuery, resetTenant, restoresClock, settleFlag, snapshotName, timeInput } from './requests.js';
import type { ControlService } from './service.js';
import { healthView } from './views.js';

// /__emulator: the emulator's own control plane (health, reset, snapshots, clock, journal, fixtures, world, outbox).

export interface ControlDeps {
  control: ControlService;
  store: Store;
  clock: VirtualClock;
  journal: Journal;
  outbox: Outbox;
  adminToken: string | undefined;
  version: string;
  startedAt: number;
  /** The world document (GET /__emulator/world) as seen from `baseUrl`. */
  world(baseUrl: string): Record<string, unknown>;
  profile: string;
  enforcement: Enforcement;
  /** Resolves once the background work started off the clock has finished (impex jobs, cache reads). */
  settle?(): Promise<void>;
  /** Paths whose bodies may be larger than the control plane's own 64 KiB (the parties declare them). */
  largeBodies?: readonly { prefix: string; limit: number }[];
}

export function controlRoutes(deps: ControlDeps): Router {
  const router = Router();
  const base = '/__emulator';
  // Every call, whatever its path and method, is guarded and may carry a small JSON body.
  router.use(base, adminGuard(deps.adminToken));
  const small = jsonBody({ limit: 64 * 1024 })[0]!;
  const large = (deps.largeBodies ?? []).map((b) => ({ prefix: b.prefix, read: jsonBody({ limit: b.limit })[0]! }));
  router.use(base, (req, res, next) => (large.find((b) => req.originalUrl.startsWith(b.prefix))?.read ?? small)(req as never, res as never, next));
  const at = (path: string) => `${base}${path}`;
  const { control, clock, journal, outbox } = deps;

  resource(router, undefined, at('/health'), { GET: [(_req, res) => res.json(healthView(deps))] });
  resource(router, undefined, at('/reset'), {
    POST: [
      (req, res) => {
        const tenant = resetTenant(req);
        res.json(tenant ? { reset: 'tenant', tenant, ...control.resetTenant(tenant) } : { reset: 'all', ...control.resetAll() });
      },
    ],
  });

  resource(router, undefined, at('/snapshots'), {
    GET: [async (_req, res) => res.json({ snapshots: await deps.store.listSnapshots() })],
    POST: [
      async (req, res) => {
        const name = snapshotName(req.body);
        res.status(201).json(await named(() => control.saveSnapshot(name)));
      },
    ],
  });
  resource(router, undefined, at('/snapshots/:name/restore'), {
    POST: [
      async (req, res) => {
        const name = String(req.params.name);
        const withClock = restoresClock(req.body);
        res.json(await named(() => control.restoreSnapshot(name, withClock)));
      },
    ],
  });
  resource(router, undefined, at('/snapshots/:name'), {
    DELETE: [
      async (req, res) => {
        await named(() => control.deleteSnapshot(String(req.params.name)));
        res.status(204).end();
      },
    ],
  });

  resource(router, undefined, at('/clock'), { GET: [(_req, res) => res.json({ ...clock.snapshot(), jobs: clock.pending() })] });
  resource(router, undefined, at('/clock/advance'), {
    POST: [
      async (req, res) => {
        const by = timeInput(() => parseDuration(req.body?.by ?? req.query.by));
        const settle = settleFlag(req.body !== null && typeof req.body === 'object' && Object.hasOwn(req.body, 'settle') ? req.body.settle : req.query.settle);
        const snapshot = await timeInput(() => control.advanceClock(by));
        if (settle) await deps.settle?.();
        res.json(snapshot);
      },
    ],
  });
  resource(router, undefined, at('/clock/set'), {
    POST: [
      async (req, res) => {
        const time = timeInput(() => parseInstant(req.body?.time ?? req.query.time));
        res.json(await timeInput(() => control.setClock(time)));
      },
    ],
  });
  resource(router, undefined, at('/clock/freeze'), { POST: [(_req, res) => res.json(clock.freeze())] });
  resource(router, undefined, at('/clock/resume'), { POST: [(_req, res) => res.json(clock.resume())] });

  resource(router, undefined, at('/journal'), {
    GET: [
      (req, res) => {
        const entries = journal.query(journalQuery(req.query));
        res.json({ count: entries.length, capacity: journal.capacity, lastSeq: journal.lastSeq, entries });
      },
    ],
    DELETE: [(_req, res) => res.json({ cleared: journal.clear() })],
  });

  resource(router, undefined, at('/fixtures'), {
    GET: [(_req, res) => res.json({ available: FIXTURE_NAMES, current: control.baseline ?? null })],
    POST: [
      (req, res) => {
        const request = fixtureRequest(req.body);
        const seed = request.seed ?? control.baseline?.seed ?? 1;
        res.json(control.loadFixtures({ ...request, seed }));
      },
    ],
  });

  // Strict refuses a step out of the documented order; lenient lets it happen and records it.
  const showEnforcement = () => ({ enforcement: deps.enforcement.mode });
  resource(router, undefined, at('/enforcement'), {
    GET: [(_req, res) => res.json(showEnforcement())],
    PUT: [
      (req, res) => {
        deps.enforcement.set(enforcementInput(req.body));
        journal.emit({ type: 'emulator.enforcement', data: showEnforcement() });
        res.json(showEnforcement());
      },
    ],
  });

  resource(router, undefined, at('/world'), { GET: [(req, res) => res.json(deps.world(`${req.protocol}://${req.get('host') ?? 'localhost'}`))] });

  resource(router, undefined, at('/outbox'), {
    GET: [
      (req, res) => {
        const messages = outbox.list(outboxQuery(req.query));
        res.json({ count: messages.length, messages });
      },
    ],
    DELETE: [(_req, res) => res.json({ cleared: outbox.clear() })],
  });
  return router;
}

/** A snapshot name the store refuses is a 400. */
async function named<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StoreNameError) throw new AppError(400, GenericCode.ValidationFailed, error.message);
    throw error;
  }
}

