import { setTimeout as sleep } from 'node:timers/promises';
import type { Answer, CallOptions, EmulatorHttp } from './emulator-http.js';
import { accountManagerToken, GuestSession, orgSessionToken, type TokenSource } from './tokens.js';
import { readWorld, type ClientCredential, type WorldView } from './world.js';

// What every provider state is made of. Most states are "the fixture world, plus something": each starts from a
// control-plane reset, so one interaction cannot leak changes (a batch-update, a basket) into the next, whatever
// the order, and then builds the rest through the products' own APIs, as a client of the emulator would.

/** The parameters a consumer gave with `given(name, params)`. */
export type StateParams = Record<string, unknown>;
/**
 * Values a state hands back for the pact's `fromProviderState('${name}', example)` expressions: Pact replaces
 * those parts of the request with them (e.g. an id only the provider can issue).
 */
export type StateValues = Record<string, string | number | boolean | null>;
export type StateSetup = (ctx: StateContext, params: StateParams) => Promise<StateValues | void>;

/** How long a state waits for the emulator's background work (an impex job) before it gives up. */
const SETTLE_LIMIT_MS = 30_000;
/** Polls before a wait starts moving the clock (a frozen clock, or a profile that queues jobs for a while). */
const POLLS_BEFORE_CLOCK = 20;

/** One provider's verification run against one emulator: its world document, its guest, its tokens. */
export class StateContext implements TokenSource {
  readonly http: EmulatorHttp;
  readonly guest: GuestSession;
  #world: Promise<WorldView> | undefined;
  #resetDone = false;
  /** What the emulator's reset returned to before a state loaded another fixture set (null: no fixture world). */
  #baseline: Record<string, unknown> | null | undefined;

  constructor(http: EmulatorHttp) {
    this.http = http;
    this.guest = new GuestSession(this);
  }

  /** The world document, read once after each reset (a state may have loaded another fixture set). */
  world(): Promise<WorldView> {
    this.#world ??= readWorld(this.http);
    this.#world.catch(() => (this.#world = undefined));
    return this.#world;
  }

  /**
   * A new interaction begins (the verifier's beforeEach): its first state resets the world, and any further state
   * it names builds on that one instead of wiping it.
   */
  beginInteraction(): void {
    this.#resetDone = false;
  }

  /**
   * Back to the world the emulator's reset returns to (or, given `fixtureSet`, to that fixture set's world), once
   * per interaction. Impex jobs an earlier interaction started (an upload the verifier just sent) finish first, so
   * none of them can write into the fresh world.
   */
  async reset(fixtureSet?: string): Promise<void> {
    if (this.#resetDone) return;
    await this.settleImpexJobs();
    if (fixtureSet !== undefined) {
      // A loaded set becomes what the emulator's reset returns to: remember the run's own, to put it back.
      if (this.#baseline === undefined) this.#baseline = (await this.http.control<{ current: Record<string, unknown> | null }>('GET', '/fixtures')).current;
      await this.http.control('POST', '/fixtures', { name: fixtureSet });
    } else if (this.#baseline !== undefined) {
      await this.restoreFixtures();
    } else {
      await this.http.control('POST', '/reset');
    }
    this.#world = undefined;
    this.guest.forget();
    this.#resetDone = true;
  }

  /** Puts back the world the emulator's reset returned to before a state loaded another fixture set. */
  async restoreFixtures(): Promise<void> {
    if (this.#baseline === undefined) return;
    await this.http.control('POST', '/fixtures', this.#baseline ?? { name: 'empty' });
    this.#baseline = undefined;
  }

  /** A call as the Commerce API client (the OCI APIs), with a token of every scope the world document names. */
  asCommerceApi(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    return this.#as((w) => w.commerceApi, method, path, options);
  }

  /** A call as the Account Administrator (the API Clients API). */
  asAccountAdmin(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    return this.#as((w) => w.accountAdmin, method, path, options);
  }

  /** A call as the OCAPI client (OCAPI Data). */
  asOcapi(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    return this.#as((w) => w.ocapi, method, path, options);
  }

  /** A call as the org's admin (its Setup pages). */
  async asOrgAdmin(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    return this.http.call(method, path, { ...options, bearer: await orgSessionToken(this, 'admin') });
  }

  /** A call as the org's connected app (its REST and Connect APIs), run as the app's integration user. */
  async asOrgApp(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    return this.http.call(method, path, { ...options, bearer: await orgSessionToken(this, 'app') });
  }

  /** A shopper call as the interaction's guest (signed in now if the state has not yet). */
  async asGuest(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    return this.http.call(method, path, { ...options, bearer: await this.guest.token() });
  }

  async #as(client: (w: WorldView) => ClientCredential, method: string, path: string, options: CallOptions): Promise<Answer> {
    const credential = client(await this.world());
    return this.http.call(method, path, { ...options, bearer: await accountManagerToken(this.http, credential, credential.scope) });
  }

  /** Waits until no impex job (an import that received its file, a requested export) is still to end. */
  async settleImpexJobs(): Promise<void> {
    await this.until('the emulator to finish its impex jobs', async () => {
      const { entries } = await this.http.control<{ entries: { type: string; data?: { importId?: string; exportId?: string } }[] }>('GET', '/journal?kind=event&type=oci.impex.*&limit=10000');
      const open = new Set<string>();
      for (const { type, data } of entries) {
        const id = data?.importId ?? data?.exportId;
        if (!id) continue;
        if (type === 'oci.impex.import.received' || type === 'oci.impex.export.requested') open.add(id);
        if (/\.(completed|failed|deleted)$/.test(type)) open.delete(id);
      }
      return open.size === 0 ? true : undefined;
    });
  }

  /**
   * Polls `probe` until it answers something. Jobs run on the emulator's clock: after a few polls the clock moves
   * a second per poll (`POST /__emulator/clock/advance`), so a frozen clock or a queue delay cannot stall a state.
   */
  async until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    for (let poll = 0; ; poll++) {
      const answer = await probe();
      if (answer !== undefined) return answer;
      if (Date.now() > deadline) throw new Error(`waited ${SETTLE_LIMIT_MS / 1000} s for ${what}`);
      if (poll >= POLLS_BEFORE_CLOCK) await this.http.control('POST', '/clock/advance', { by: 1000 });
      await sleep(poll < POLLS_BEFORE_CLOCK ? 10 : 25);
    }
  }
}

/** A state that resets the emulator to its fixture world and then runs `then`, which may build more and hand values back. */
export function fromFixtureWorld(then?: (ctx: StateContext, params: StateParams) => Promise<StateValues | void>): StateSetup {
  return async (ctx, params) => {
    await ctx.reset();
    return then?.(ctx, params);
  };
}

/** `fromFixtureWorld` from another fixture set's world (`before-trust`…), loaded through the control plane. */
export function fromFixtureSet(name: string, then?: (ctx: StateContext, params: StateParams) => Promise<StateValues | void>): StateSetup {
  return async (ctx, params) => {
    await ctx.reset(name);
    return then?.(ctx, params);
  };
}

/**
 * Throws when the world no longer gives what a state's name promises, so verification stops at the cause instead
 * of failing an interaction somewhere downstream.
 */
export function expectFixture(condition: boolean, promise: string): asserts condition {
  if (!condition) throw new Error(`the emulator's world does not give ${promise}`);
}

/** A state parameter given as text, or the fallback. */
export function textParam(params: StateParams, name: string, fallback: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : fallback;
}
