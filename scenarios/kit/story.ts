import { Rng } from '../../emulator/core/rng.js';
import type { AvailabilitySeries, Moment } from '../report/model.js';
import type { Control } from './control.js';
import type { Guide, ShelfRecord } from './guide.js';
import type { Http } from './http.js';
import type { Shop, OrderOutcome } from './shop.js';
import type { Tokens, WorldFacts } from './world.js';

// What a scenario's story works with: the guide's steps, a shop, the shop floor, the clock, a seeded random
// source, and the record a report is made of (narrative, moments, availability samples, orders). Everything goes
// over HTTP; the only thing the story keeps itself is what it said and saw.

export interface StoryDeps {
  http: Http;
  control: Control;
  guide: Guide;
  shop: Shop;
  tokens: Tokens;
  world: () => WorldFacts;
  refreshWorld: () => Promise<void>;
  seed: number;
  /** Names the seeded stream: the runs of one scenario share it. */
  streamName: string;
  /** Where narrative lines go as they are said (the terminal); the report keeps them too. */
  print: (line: string) => void;
  /** Advances the progress display (done of total). */
  progress: (done: number, total: number) => void;
}

export class Story {
  readonly rng: Rng;
  readonly narrative: { at: string; text: string }[] = [];
  readonly moments: Moment[] = [];
  readonly orders = { placed: 0, refused: 0, units: 0 };
  readonly #series = new Map<string, AvailabilitySeries>();
  readonly #d: StoryDeps;

  constructor(deps: StoryDeps) {
    this.#d = deps;
    this.rng = new Rng(deps.seed, `scenario:${deps.streamName}`);
  }

  get guide(): Guide {
    return this.#d.guide;
  }
  get control(): Control {
    return this.#d.control;
  }
  get world(): WorldFacts {
    return this.#d.world();
  }
  get series(): AvailabilitySeries[] {
    return [...this.#series.values()];
  }

  /** Re-reads the world document (after the graph is published, places appear in it). */
  refreshWorld = () => this.#d.refreshWorld();

  say(text: string): void {
    const at = this.#d.control.iso();
    this.narrative.push({ at, text });
    this.#d.print(`${at.slice(11, 16)}  ${text}`);
  }

  moment(kind: Moment['kind'], label: string): void {
    this.moments.push({ at: this.#d.control.iso(), kind, label });
  }

  progress(done: number, total: number): void {
    this.#d.progress(done, total);
  }

  minutes = (n: number) => this.#d.control.advance(n * 60_000);

  /** The virtual time of day, in minutes since midnight (UTC, the instance's zone in every fixture). */
  minuteOfDay(): number {
    const iso = this.#d.control.iso();
    return Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
  }

  /** Moves the clock on to the next `HH:MM` (or minute of the day): later today, else tomorrow; now if it is now. */
  until(time: string | number): Promise<void> {
    const target = typeof time === 'number' ? time : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
    return this.minutes((target - this.minuteOfDay() + 1440) % 1440);
  }

  /** A shopper orders; the outcome is counted (placed or refused) for the report. */
  async buy(sku: string, quantity: number, inventoryId?: string): Promise<OrderOutcome> {
    const outcome = await this.#d.shop.buy(sku, quantity, inventoryId);
    if (outcome.placed) {
      this.orders.placed++;
      this.orders.units += quantity;
    } else this.orders.refused++;
    return outcome;
  }

  /**
   * Another channel's order (a marketplace, a call centre) at a place; with `reserveInOci` the channel first
   * reserves it in OCI (all or nothing, under the order's reference) and takes it only if OCI grants it, as a
   * channel selling through OCI does. Answers whether it was taken.
   */
  async channelOrder(channel: string, orderRef: string, place: string, lines: readonly { sku: string; quantity: number }[], options: { reserveInOci?: boolean } = {}): Promise<boolean> {
    if (options.reserveInOci && !(await this.reserveInOci(`${channel}-${orderRef}`, orderRef, place, lines))) return false;
    await this.#d.control.physical('orders', [{ channel, orderRef, place, lines }]);
    return true;
  }

  /**
   * A reservation document in OCI through its Commerce API, all or nothing, naming the order it is for
   * (`externalRefId`): what an OMS makes for an exported order, or a channel before it takes one. It does not touch
   * the shelf. Answers whether OCI granted it (refused, throttled or down: false).
   */
  async reserveInOci(documentId: string, externalRefId: string, place: string, lines: readonly { sku: string; quantity: number }[]): Promise<boolean> {
    const world = this.#d.world();
    const isGroup = world.groups.some((g) => g.id === place);
    const reservations = lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
    const res = await this.#d.http.put(`/inventory/reservation/v1/organizations/${world.tenantGroupId}/reservation-documents/${encodeURIComponent(documentId)}`, {
      token: await this.#d.tokens.oci(),
      body: { externalRefId, allowPartialReservations: false, ...(isGroup ? { groups: [{ id: place, reservations }] } : { locations: [{ id: place, reservations }] }) },
      expect: [200, 201, 400, 409, 429, 503],
    });
    return res.status < 300 && res.body?.success === true;
  }

  /** Counts the shelves (a stock take): the physical truth the story starts from. */
  async count(records: readonly ShelfRecord[]): Promise<void> {
    await this.#d.control.physical('counts', records.map((r) => ({ location: r.location, sku: r.sku, onHand: r.onHand })));
  }

  /** Store sales at the till; answers how many the shelf could not serve (units other orders had claimed). */
  posSales(sales: readonly { location: string; sku: string; quantity: number }[]): Promise<number> {
    return this.#d.control.physical('pos-sales', sales);
  }

  /**
   * The integration's inventory feed: what the shelves hold now (their on-hand, claimed units included, as a
   * warehouse system counts them), sent to OCI for these SKUs and locations with the given safety stock.
   */
  async feedShelves(skus: readonly string[], locations: readonly string[], safetyStockCount = 0): Promise<void> {
    const wanted = new Set(skus);
    const at = new Set(locations);
    const cells = (await this.#d.control.cells()).filter((c) => wanted.has(c.sku) && at.has(c.location));
    await this.#d.guide.feedOci(cells.map((c) => ({ location: c.location, sku: c.sku, onHand: c.onHand, safetyStockCount })));
  }

  /** Follows a SKU at a place (a location, or a group and its members) on the report's availability charts. */
  track(sku: string, place: string): void {
    this.#series.set(`${place}\u0000${sku}`, { sku, place, samples: [] });
  }

  /** One sample of every followed series: the shelf's free units, OCI's ATO, and what the storefront shows. */
  async sample(): Promise<void> {
    if (this.#series.size === 0) return;
    const at = this.#d.control.iso();
    const cells = await this.#d.control.cells();
    const world = this.#d.world();
    for (const s of this.#series.values()) {
      const members = world.groups.find((g) => g.id === s.place)?.locations ?? [s.place];
      const physical = cells.filter((c) => c.sku === s.sku && members.includes(c.location)).reduce((n, c) => n + c.free, 0);
      // OCI out of reach (an outage): its figures did not change, so the last one read stands.
      const oci = (await this.#ociAto(s.sku, s.place)) ?? s.samples.at(-1)?.oci ?? 0;
      s.samples.push({ at, physical, oci, b2c: await this.#d.shop.ats(s.sku, s.place) });
    }
  }

  async #ociAto(sku: string, place: string): Promise<number | undefined> {
    const world = this.#d.world();
    const isGroup = world.groups.some((g) => g.id === place);
    const res = await this.#d.http.post(`/inventory/availability/v1/organizations/${world.tenantGroupId}/availability-records/actions/get-availability`, {
      token: await this.#d.tokens.oci(),
      body: { skus: [sku], ...(isGroup ? { groups: [place] } : { locations: [place] }) },
      expect: [200, 403, 429, 503],
    });
    if (res.status !== 200) return undefined;
    const places = (isGroup ? res.body.groups : res.body.locations) as { records?: { sku: string; ato?: number }[] }[] | undefined;
    return places?.[0]?.records?.find((r) => r.sku === sku)?.ato ?? 0;
  }
}
