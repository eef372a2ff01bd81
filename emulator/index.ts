import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { buildApp } from './app.js';
import type { AccountManagerServices } from './account-manager/party.js';
import { ControlService } from './control-plane/service.js';
import { controlRoutes } from './control-plane/routes.js';
import { Authenticator } from './core/auth/authenticator.js';
import { loadSigningKeys, type SigningKeys } from './core/auth/keys.js';
import { VirtualClock, type ClockMode } from './core/clock.js';
import { Enforcement, isEnforcementMode, type EnforcementMode } from './core/enforcement.js';
import { CLOCK_NAMESPACE, keepClock } from './core/clock-keeper.js';
import { parseInstant } from './core/duration.js';
import type { ApiTable } from './core/http/api-table.js';
import { FastLane } from './core/http/fast-lane.js';
import { listRoutes, type RouteInfo } from './core/http/route-table.js';
import { Journal } from './core/journal.js';
import { silentLogger, type Logger } from './core/log.js';
import { Outbox } from './core/outbox.js';
import { Rng } from './core/rng.js';
import { FileBackend } from './core/store/file-backend.js';
import { MemoryBackend } from './core/store/memory-backend.js';
import { Store } from './core/store/store.js';
import type { PartyContext, ResolvedOptions, Services } from './party.js';
import { APIS, JOURNAL_TYPES, PARTIES } from './parties.js';
import { VERSION } from './version.js';
import { worldDocument, type WorldDocument } from './world/views.js';
import { buildFixture, isFixtureName, type FixtureName, type FixtureRequest } from '../fixtures/index.js';
import { recordedFixture, WORLD_NAMESPACE, type WorldInfo } from './world/model.js';

// createEmulator: the one place that wires everything. Tests call it in-process (memory store, frozen clock,
// fixed seed); the CLI wraps it with a data file and a real clock.

export const DEFAULT_AM_ISSUER = 'https://account.demandware.com:443/dwsso/oauth2';
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_UPLOAD_LIMIT = 100 * 1024 * 1024;

export interface EmulatorOptions {
  /** `memory` (default) or a JSON data file. */
  store?: 'memory' | { file: string; durable?: boolean; flushDelayMs?: number };
  /** `real` (default) follows the wall clock; `frozen` moves only when told. `start` is ISO or epoch ms. */
  clock?: ClockMode | { mode: ClockMode; start?: string | number };
  /** Seeds ids and generated data. Default 1. */
  seed?: number;
  /** The world loaded into an empty store: a set name, a sized request, or false for nothing. Default `demo`. */
  fixtures?: FixtureName | Omit<FixtureRequest, 'seed'> | false;
  /** Timing profile for background work: `fast` (development default) or `realistic`. */
  profile?: 'fast' | 'realistic';
  /** Required on the control plane when set; required to bind beyond loopback. */
  adminToken?: string;
  journalCapacity?: number;
  bodyLimitBytes?: number;
  /** The `iss` of Account Manager tokens; the real value by default so production verifiers accept them. */
  accountManagerIssuer?: string;
  /** Impex: the upload cap (100 MB, as OCI's gateway) and how long an uploaded job waits PENDING (by profile). */
  impex?: { uploadLimitBytes?: number; queueDelayMs?: number; /** Import files from this size are parsed on worker threads. */ parallelParseBytes?: number };
  /** How long after its expiry a reservation is released (default: 2 s in profile fast, 12 s in realistic). */
  reservations?: { expiryLagMs?: number };
  /** `strict` (default) refuses a step out of the documented order; `lenient` lets it happen and records it. */
  enforcement?: EnforcementMode;
  logger?: Logger;
}

export interface Emulator {
  readonly app: Express;
  readonly clock: VirtualClock;
  readonly store: Store;
  readonly journal: Journal;
  readonly outbox: Outbox;
  readonly control: ControlService;
  readonly keys: SigningKeys;
  readonly authenticator: Authenticator;
  readonly accountManager: AccountManagerServices;
  /** What each party offers (token services, domain services), for tests and scripts. */
  readonly services: Services;
  /** The world document (GET /__emulator/world): what exists, with URLs on `baseUrl` (this emulator's by default). */
  world(baseUrl?: string): WorldDocument;
  /** Which API (family and error dialect) each path belongs to, as the parties declared. */
  readonly apis: ApiTable;
  /** The Express-free lane of the hot routes (its counts say how many requests it served). */
  readonly lane: FastLane;
  /** Strict or lenient (switch it with `set`, or on the control plane). */
  readonly enforcement: Enforcement;
  /** Every route the emulator serves (method, path template, API family and dialect), read from its routers. */
  routes(): RouteInfo[];
  /** Whether the store held state at start (a restart) rather than being seeded from fixtures. */
  readonly restored: boolean;
  readonly options: Readonly<ResolvedOptions>;
  /** Base URL once listening. */
  url: string | undefined;
  listen(port?: number, host?: string): Promise<{ url: string; port: number; host: string }>;
  close(): Promise<void>;
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const logger = options.logger ?? silentLogger;
  const seed = options.seed ?? 1;
  const clockSpec = typeof options.clock === 'string' || options.clock === undefined ? { mode: options.clock ?? 'real' } : options.clock;
  const start = clockSpec.start === undefined ? undefined : clockStart(clockSpec.start);
  const clock = new VirtualClock({ mode: clockSpec.mode, start, onJobError: (name, error) => logger.error(`scheduled job ${name} failed`, error) });

  const storeSpec = options.store ?? 'memory';
  const backend = storeSpec === 'memory' ? new MemoryBackend() : new FileBackend(storeSpec.file, { durable: storeSpec.durable, onLockTakeover: (t) => logger.warn(t.message) });
  const durable = storeSpec !== 'memory' && storeSpec.durable === true;
  const store = new Store(backend, {
    flushDelayMs: storeSpec === 'memory' ? 0 : (storeSpec.flushDelayMs ?? 100),
    durable,
    journalTypes: JOURNAL_TYPES,
    now: () => clock.now(),
    onWriteError: (error) => logger.error('writing state failed; will retry', error),
  });
  // The clock's own namespace alone is not a world to restore (a store opened with no fixtures still gets one).
  const restored = (await store.open()) && store.namespaces().some((ns) => ns !== CLOCK_NAMESPACE);
  const keptClock = keepClock(clock, store, { start });
  if (keptClock.problem) logger.warn(`${keptClock.problem}; the clock starts at ${clock.iso()}`);

  // A restored world goes back, on reset, to the fixture it was built from; a new one is built from the request.
  const baseline = restored ? (restoredFixture(store) ?? resolveFixtures(options.fixtures, seed)) : resolveFixtures(options.fixtures, seed);
  if (!restored && baseline) store.replaceAll(buildFixture(baseline));

  const journal = new Journal({ capacity: options.journalCapacity, now: () => clock.now() });
  // Below info the logger prints no entry: subscribing would build one object per request for nothing.
  if (logger.printsEntries) journal.subscribe((entry) => logger.entry(entry));
  const outbox = new Outbox(store, () => clock.iso());
  const rng = new Rng(seed, 'runtime');
  const keys = await loadSigningKeys(backend.sidecarPath('signing-key'));
  const ecKeys = await loadSigningKeys(backend.sidecarPath('signing-key-es256'), 'ES256');
  const resolved: ResolvedOptions = {
    seed,
    profile: options.profile ?? 'fast',
    adminToken: options.adminToken,
    accountManagerIssuer: options.accountManagerIssuer ?? DEFAULT_AM_ISSUER,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    durable,
    filesDir: backend.sidecarPath('files')?.replace(/\.json$/, ''),
    impex: { uploadLimitBytes: options.impex?.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT, queueDelayMs: options.impex?.queueDelayMs, parallelParseBytes: options.impex?.parallelParseBytes },
    reservations: { expiryLagMs: options.reservations?.expiryLagMs },
  };

  if (options.enforcement !== undefined && !isEnforcementMode(options.enforcement)) throw new Error(`enforcement is 'strict' or 'lenient', got ${String(options.enforcement)}`);
  const enforcement = new Enforcement(options.enforcement ?? 'strict');
  const authenticator = new Authenticator();
  const services: Services = {};
  const lane = new FastLane();
  const ctx: PartyContext = { store, clock, journal, outbox, rng, keys, ecKeys, authenticator, options: resolved, logger, services, lane, enforcement };
  const parties = PARTIES.map((party) => party.build(ctx));
  // One restart hook: what runs on the clock is armed from the state now, and again whenever the state is replaced.
  const rearm = () => {
    for (const party of parties) party.rearm?.();
  };
  rearm();
  store.onReplace(rearm);
  const apis = APIS;

  const control = new ControlService({ store, clock, journal, baseline });
  const startedAt = Date.now();
  const controlPlane = controlRoutes({
    control,
    store,
    clock,
    journal,
    outbox,
    adminToken: resolved.adminToken,
    version: VERSION,
    startedAt,
    world: (baseUrl) => worldDocument(store, baseUrl, parties.map((p) => p.describe?.(baseUrl) ?? {})),
    profile: resolved.profile,
    enforcement,
    largeBodies: parties.flatMap((p) => p.largeBodies ?? []),
    // Work started off the clock may start more (a cache read asks for an export): wait until a round finds none.
    settle: async () => {
      for (let round = 0; round < 3; round++) await Promise.all(parties.map((p) => p.idle?.()));
    },
  });
  const routeSets = [{ control: [controlPlane] }, ...parties.map((p) => p.routes)];
  const app = buildApp({
    apis,
    journal,
    store,
    durable,
    onUnexpected: (error) => logger.error('unexpected error while handling a request', error),
    now: () => clock.now(),
    lane,
    routes: routeSets,
  });

  let server: Server | undefined;
  const emulator: Emulator = {
    app,
    clock,
    store,
    journal,
    outbox,
    control,
    keys,
    authenticator,
    accountManager: services.accountManager!,
    services,
    lane,
    enforcement,
    restored,
    apis,
    routes: () => listRoutes(routeSets, apis, lane),
    world: (baseUrl = emulator.url ?? 'http://127.0.0.1') => worldDocument(store, baseUrl, parties.map((p) => p.describe?.(baseUrl) ?? {})),
    options: resolved,
    url: undefined,
    async listen(port = 0, host = '127.0.0.1') {
      if (!isLoopback(host) && !resolved.adminToken) {
        throw new Error(`Binding to ${host} exposes the control plane beyond this machine: set an admin token (--admin-token) first`);
      }
      server = await new Promise<Server>((resolveListen, reject) => {
        const s = createServer((req, res) => {
          if (!lane.serve(req, res)) app(req, res);
        });
        s.once('error', reject);
        s.listen(port, host, () => resolveListen(s));
      });
      server.keepAliveTimeout = 65_000;
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      emulator.url = `http://${shownHost}:${address.port}`;
      return { url: emulator.url, port: address.port, host: address.address };
    },
    async close() {
      if (server) {
        const s = server;
        server = undefined;
        await new Promise<void>((done) => {
          s.close(() => done());
          s.closeAllConnections();
        });
      }
      for (const party of parties) await party.close?.();
      clock.close();
      keptClock.stop();
      await store.close();
    },
  };
  return emulator;
}

function clockStart(start: string | number): number {
  try {
    return parseInstant(start);
  } catch (error) {
    throw new Error(`Invalid clock start ${JSON.stringify(start)}: ${(error as Error).message}`);
  }
}

function resolveFixtures(fixtures: EmulatorOptions['fixtures'], seed: number): FixtureRequest | undefined {
  if (fixtures === false) return undefined;
  if (fixtures === undefined) return { name: 'demo', seed };
  if (typeof fixtures === 'string') return { name: fixtures, seed };
  return { ...fixtures, seed };
}

function restoredFixture(store: Store): FixtureRequest | undefined {
  const recorded = recordedFixture(store.get<WorldInfo>(WORLD_NAMESPACE));
  return recorded && isFixtureName(recorded.name) ? { ...recorded, name: recorded.name } : undefined;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

export type { FixtureRequest } from '../fixtures/index.js';
export type { RouteInfo } from './core/http/route-table.js';
