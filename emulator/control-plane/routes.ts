import { Router, type Request } from 'express';
import { z } from 'zod';
import { ClockRangeError, type VirtualClock } from '../core/clock.js';
import { DurationError, parseDuration, parseInstant } from '../core/duration.js';
import { AppError, GenericCode } from '../core/errors/app-error.js';
import { jsonBody } from '../core/http/body.js';
import { onlyMethods } from '../core/http/methods.js';
import type { Journal, JournalQuery } from '../core/journal.js';
import type { Outbox } from '../core/outbox.js';
import type { Store } from '../core/store/store.js';
import { StoreNameError } from '../core/store/store.js';
import { FIXTURE_NAMES } from '../../fixtures/index.js';
import { recordedFixture, WORLD_NAMESPACE, type WorldInfo } from '../world/model.js';
import { adminGuard } from './admin-guard.js';
import type { ControlService } from './service.js';

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
}

const fixtureSchema = z.object({
  name: z.enum(FIXTURE_NAMES),
  seed: z.number().int().min(0).max(4_294_967_295).optional(),
  skus: z.number().int().positive().optional(),
  locations: z.number().int().positive().optional(),
});

export function controlRoutes(deps: ControlDeps): Router {
  const router = Router();
  const base = '/__emulator';
  router.use(base, adminGuard(deps.adminToken));
  router.use(base, ...jsonBody({ limit: 64 * 1024 }));
  const route = (path: string) => `${base}${path}`;

  router.get(route('/health'), (_req, res) => {
    res.json({
      status: 'ok',
      ready: true,
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      profile: deps.profile,
      clock: deps.clock.snapshot(),
      store: { kind: deps.store.backend.kind, location: deps.store.backend.location ?? null, pendingWrites: deps.store.dirty },
      // What the store holds now (a data file may hold another world than --fixtures named); null for none.
      fixture: recordedFixture(deps.store.get<WorldInfo>(WORLD_NAMESPACE)) ?? null,
      journal: { entries: deps.journal.size, capacity: deps.journal.capacity },
    });
  });

  router.post(route('/reset'), (req, res) => {
    const tenant = optionalString(req.body?.tenant ?? req.query.tenant, 'tenant');
    res.json(tenant ? { reset: 'tenant', tenant, ...deps.control.resetTenant(tenant) } : { reset: 'all', ...deps.control.resetAll() });
  });

  router.get(route('/snapshots'), async (_req, res) => {
    res.json({ snapshots: await deps.store.listSnapshots() });
  });
  router.post(route('/snapshots'), async (req, res) => {
    const name = requiredString(req.body?.name, 'name');
    res.status(201).json(await named(() => deps.control.saveSnapshot(name)));
  });
  router.post(route('/snapshots/:name/restore'), async (req, res) => {
    const name = String(req.params.name);
    const clock = req.body?.clock ?? false;
    if (typeof clock !== 'boolean') throw new AppError(400, GenericCode.ValidationFailed, 'clock must be true or false');
    res.json(await named(() => deps.control.restoreSnapshot(name, clock)));
  });
  router.delete(route('/snapshots/:name'), async (req, res) => {
    await named(() => deps.control.deleteSnapshot(String(req.params.name)));
    res.status(204).end();
  });

  router.get(route('/clock'), (_req, res) => {
    res.json({ ...deps.clock.snapshot(), jobs: deps.clock.pending() });
  });
  router.post(route('/clock/advance'), async (req, res) => {
    const by = duration(() => parseDuration(req.body?.by ?? req.query.by));
    const before = deps.clock.iso();
    const snapshot = await duration(() => deps.clock.advance(by));
    deps.journal.emit({ type: 'emulator.clock.advanced', data: { from: before, to: snapshot.now, byMs: by } });
    res.json(snapshot);
  });
  router.post(route('/clock/set'), async (req, res) => {
    const time = duration(() => parseInstant(req.body?.time ?? req.query.time));
    const before = deps.clock.now();
    const snapshot = await duration(() => deps.clock.set(time));
    // Setting an earlier instant is the one way back in time: the journal says so.
    deps.journal.emit({ type: 'emulator.clock.set', data: { from: new Date(before).toISOString(), to: snapshot.now, backwards: time < before } });
    res.json(snapshot);
  });
  router.post(route('/clock/freeze'), (_req, res) => {
    res.json(deps.clock.freeze());
  });
  router.post(route('/clock/resume'), (_req, res) => {
    res.json(deps.clock.resume());
  });

  router.get(route('/journal'), (req, res) => {
    const entries = deps.journal.query(journalQuery(req));
    res.json({ count: entries.length, capacity: deps.journal.capacity, lastSeq: deps.journal.lastSeq, entries });
  });
  router.delete(route('/journal'), (_req, res) => {
    res.json({ cleared: deps.journal.clear() });
  });

  router.get(route('/fixtures'), (_req, res) => {
    res.json({ available: FIXTURE_NAMES, current: deps.control.baseline ?? null });
  });
  router.post(route('/fixtures'), (req, res) => {
    const parsed = fixtureSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new AppError(400, GenericCode.ValidationFailed, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const seed = parsed.data.seed ?? deps.control.baseline?.seed ?? 1;
    res.json(deps.control.loadFixtures({ ...parsed.data, seed }));
  });

  router.get(route('/world'), (req, res) => {
    res.json(deps.world(`${req.protocol}://${req.get('host') ?? 'localhost'}`));
  });

  router.get(route('/outbox'), (req, res) => {
    const messages = deps.outbox.list({ to: optionalString(req.query.to, 'to'), tenant: optionalString(req.query.tenant, 'tenant') });
    res.json({ count: messages.length, messages });
  });
  router.delete(route('/outbox'), (_req, res) => {
    res.json({ cleared: deps.outbox.clear() });
  });

  for (const [path, methods] of [
    ['/health', ['GET']],
    ['/reset', ['POST']],
    ['/snapshots', ['GET', 'POST']],
    ['/snapshots/:name/restore', ['POST']],
    ['/snapshots/:name', ['DELETE']],
    ['/clock', ['GET']],
    ['/clock/advance', ['POST']],
    ['/clock/set', ['POST']],
    ['/clock/freeze', ['POST']],
    ['/clock/resume', ['POST']],
    ['/journal', ['GET', 'DELETE']],
    ['/fixtures', ['GET', 'POST']],
    ['/world', ['GET']],
    ['/outbox', ['GET', 'DELETE']],
  ] as const) {
    router.all(route(path), onlyMethods(methods));
  }
  return router;
}

function journalQuery(req: Request): JournalQuery {
  const q = req.query;
  const str = (name: string) => optionalString(q[name], name);
  const int = (name: string) => {
    const v = str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new AppError(400, GenericCode.ValidationFailed, `${name} must be a non-negative integer`);
    return n;
  };
  const instant = (name: string) => {
    const v = str(name);
    return v === undefined ? undefined : duration(() => parseInstant(v));
  };
  const kind = str('kind');
  if (kind !== undefined && kind !== 'request' && kind !== 'event') {
    throw new AppError(400, GenericCode.ValidationFailed, 'kind must be request or event');
  }
  return {
    kind,
    type: str('type'),
    method: str('method'),
    path: str('path'),
    status: int('status'),
    tenant: str('tenant'),
    client: str('client'),
    api: str('api'),
    since: instant('since'),
    until: instant('until'),
    afterSeq: int('afterSeq'),
    limit: int('limit'),
  };
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new AppError(400, GenericCode.ValidationFailed, `${name} must be a string`);
  return value;
}

function requiredString(value: unknown, name: string): string {
  const s = optionalString(value, name);
  if (s === undefined) throw new AppError(400, GenericCode.ValidationFailed, `${name} is required`);
  return s;
}

/** Runs `fn`; a refused duration or instant (thrown, or rejected by the clock) is a 400. */
function duration<T>(fn: () => T): T {
  const refused = (error: unknown) => {
    if (error instanceof DurationError || error instanceof ClockRangeError) return new AppError(400, GenericCode.ValidationFailed, error.message);
    return error;
  };
  try {
    const result = fn();
    return (result instanceof Promise ? result.catch((error: unknown) => Promise.reject(refused(error))) : result) as T;
  } catch (error) {
    throw refused(error);
  }
}

async function named<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StoreNameError) throw new AppError(400, GenericCode.ValidationFailed, error.message);
    throw error;
  }
}
