import type { RequestHandler } from 'express';
import type { ApiFamily } from './core/errors/dialects/index.js';
import type { Authenticator } from './core/auth/authenticator.js';
import type { SigningKeys } from './core/auth/keys.js';
import type { VirtualClock } from './core/clock.js';
import type { Journal } from './core/journal.js';
import type { Logger } from './core/log.js';
import type { Outbox } from './core/outbox.js';
import type { Rng } from './core/rng.js';
import type { Store } from './core/store/store.js';
import type { FastLane } from './core/http/fast-lane.js';

// An emulated product plugs in as a Party: it gets the shared context, registers its token resolvers and the
// services other parties may call, and hands back its routers. parties.ts lists them in wiring order.

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
  authenticator: Authenticator;
  options: ResolvedOptions;
  logger: Logger;
  services: Services;
  /** Where hot routes also register their handler chains, to be served without Express (core/http/fast-lane.ts). */
  lane: FastLane;
}

export interface Party {
  name: string;
  /**
   * Routers by the API family whose paths they serve (a request only meets the routers of its own family, so one
   * product's routes never slow another's). A product may serve more than one family: OCI's Connect routes live
   * under the org's `/services/data`.
   */
  routes: Partial<Record<ApiFamily, RequestHandler[]>>;
  /** Stops background work and releases what the party holds (called before the store closes). */
  close?(): Promise<void>;
}

export type PartyFactory = (ctx: PartyContext) => Party;
