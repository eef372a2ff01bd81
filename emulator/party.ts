import type { RequestHandler } from 'express';
import type { Dialect } from './core/errors/dialect.js';
import type { JournalType } from './core/store/journaled.js';
import type { Authenticator } from './core/auth/authenticator.js';
import type { SigningKeys } from './core/auth/keys.js';
import type { VirtualClock } from './core/clock.js';
import type { Journal } from './core/journal.js';
import type { Logger } from './core/log.js';
import type { Outbox } from './core/outbox.js';
import type { Rng } from './core/rng.js';
import type { Store } from './core/store/store.js';
import type { FastLane } from './core/http/fast-lane.js';
import type { Enforcement } from './core/enforcement.js';

// An emulated product plugs in as a Party. It declares what core needs before anything runs: the path prefixes
// it serves with the error dialect of each, and the loaders of its journaled namespaces. Then it is built with
// the shared context: it registers its token resolvers and the services other parties may call, and hands back
// its routers. parties.ts lists them; adding a product touches its own folder and that list.

export interface ResolvedOptions {
  seed: number;
  profile: 'fast' | 'realistic';
  adminToken: string | undefined;
  accountManagerIssuer: string;
  bodyLimitBytes: number;
  durable: boolean;
  /** Where job files live (impex uploads, results, exports); undefined: a private temporary folder. */
  filesDir: string | undefined;
  impex: { uploadLimitBytes: number; queueDelayMs: number | undefined; parallelParseBytes: number | undefined };
  reservations: { expiryLagMs: number | undefined };
}

/**
 * What parties offer each other. Each party adds its own entry to this interface, in its own folder
 * (`declare module '../party.js' { interface Services { … } }`), and fills it in when it is built: this file
 * names no product.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

export interface PartyContext {
  store: Store;
  clock: VirtualClock;
  journal: Journal;
  outbox: Outbox;
  /** Seeded randomness; fork it by name for each concern. */
  rng: Rng;
  keys: SigningKeys;
  /** The ES256 pair (SLAS signs shopper tokens with ES256). */
  ecKeys: SigningKeys;
  authenticator: Authenticator;
  options: ResolvedOptions;
  logger: Logger;
  services: Services;
  /** Where hot routes also register their handler chains, to be served without Express (core/http/fast-lane.ts). */
  lane: FastLane;
  /** Strict or lenient treatment of steps out of the documented order (read at the step, never copied). */
  enforcement: Enforcement;
}

/** An API a party owns: its family name (the routers of a family only see its requests) and its path prefixes. */
export interface ApiDeclaration {
  family: string;
  /** Each prefix with the dialect its errors are written in (the longest matching prefix wins). */
  prefixes: readonly (readonly [prefix: string, dialect: Dialect])[];
}

/** A built party. */
export interface PartyRuntime {
  /**
   * Routers by the API family whose paths they serve (a request only meets the routers of its own family, so one
   * product's routes never slow another's). A product may serve another's family: OCI's Connect routes live under
   * the org's `/services/data`.
   */
  routes: Partial<Record<string, RequestHandler[]>>;
  /**
   * Arms again what runs on the clock from the state (expiries, queued jobs, provisioning): called once the party
   * is built and every time the store's namespaces were replaced (reset, snapshot restore, an undone write).
   */
  rearm?(): void;
  /**
   * Control-plane paths (under `/__emulator`) whose calls may carry bodies beyond the control plane's 64 KiB (a
   * batch of channel events), each with its limit.
   */
  largeBodies?: readonly { prefix: string; limit: number }[];
  /** The party's sections of the world document (GET /__emulator/world), with URLs on this emulator. */
  describe?(baseUrl: string): Record<string, unknown>;
  /**
   * Resolves once the background work the party has started (jobs off the clock: impex files, cache reads) has
   * finished: `POST /__emulator/clock/advance` with `settle` waits for it, so a script sees the same world every run.
   */
  idle?(): Promise<void>;
  /** Stops background work and releases what the party holds (called before the store closes). */
  close?(): Promise<void>;
}

export interface Party {
  name: string;
  apis?: readonly ApiDeclaration[];
  /** Loaders of the party's journaled namespaces (the store needs them before the party is built). */
  journals?: readonly JournalType[];
  build(ctx: PartyContext): PartyRuntime;
}
