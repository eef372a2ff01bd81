import type { VirtualClock } from '../../core/clock.js';
import type { AvailabilityQuery } from '../availability/query-service.js';
import type { Availability } from '../availability/arithmetic.js';
import { ociError, ociErrors } from '../errors.js';
import type { OciTenants } from '../tenants.js';
import { decodeDeltaToken, encodeDeltaToken } from './delta-token.js';
import type { ChangeFeed, PlaceKind } from './feed.js';

// delta-token and get-deltas: a stream follows some groups or some locations from a position in the change feed.
// Each page names every (place, SKU) that changed since the token, with its current figures, at most `pageSize`
// of them; `shouldQueryAgain` says more are waiting. Keys keep the order real clients stream-parse.

export interface DeltaRecord {
  sku: string;
  deltaType: 'Change' | 'Delete';
  id: string;
  effectiveDate?: string;
  onHand: number;
  atf: number;
  ato: number;
  reserved: number;
  safetyStockCount: number;
  futures: { expectedDate: string; quantity: number }[];
}

export interface DeltaPage {
  nextDeltaToken: string;
  shouldQueryAgain: boolean;
  records: DeltaRecord[];
}

export const MAX_DELTA_PLACES = 100;

export class DeltaService {
  readonly #tenants: OciTenants;
  readonly #feed: ChangeFeed;
  readonly #clock: VirtualClock;
  readonly #query: AvailabilityQuery;
  readonly pageSize: number;

  constructor(deps: { tenants: OciTenants; feed: ChangeFeed; clock: VirtualClock; query: AvailabilityQuery; pageSize?: number }) {
    this.#tenants = deps.tenants;
    this.#feed = deps.feed;
    this.#clock = deps.clock;
    this.#query = deps.query;
    this.pageSize = deps.pageSize ?? 1000;
  }

  /** A token at the current end of the feed: the stream sees changes made from now on. */
  mint(tenantGroupId: string, placeType: PlaceKind, places: string[]): string {
    const state = this.#tenants.state(tenantGroupId);
    for (const id of places) {
      if (placeType === 'group' && !state.groups[id]) throw ociErrors.groupDoesNotExist(id);
      if (placeType === 'location' && !state.locations[id]) throw ociErrors.locationDoesNotExist(id);
    }
    return encodeDeltaToken({ tenantGroupId, placeType, places: [...new Set(places)], cursor: this.#feed.head(tenantGroupId), issuedAt: this.#clock.now() });
  }

  read(tenantGroupId: string, tokenText: string): DeltaPage {
    const token = decodeDeltaToken(tokenText, tenantGroupId, this.#clock.now());
    if (!this.#feed.covers(tenantGroupId, token.cursor)) {
      throw ociError(410, 'ExpiredDeltaLink', 'The delta token provided has expired.', {}, 'the changes after this token are no longer kept');
    }
    const follow = new Set(token.places);
    const changed = new Map<string, { id: string; sku: string }>();
    const add = (id: string, sku: string) => changed.set(`${id}\u0000${sku}`, { id, sku });
    const { last, exhausted } = this.#feed.scan(tenantGroupId, token.cursor, (entry) => {
      if (changed.size >= this.pageSize) return false;
      if (entry.place === 'group') {
        if (token.placeType === 'group' && follow.has(entry.placeId)) add(entry.placeId, entry.sku);
      } else if (token.placeType === 'location') {
        if (follow.has(entry.placeId)) add(entry.placeId, entry.sku);
      } else {
        for (const group of this.#tenants.groupsOf(tenantGroupId, entry.placeId)) if (follow.has(group.id)) add(group.id, entry.sku);
      }
      return true;
    });
    const records = [...changed.values()].map(({ id, sku }) =>
      deltaRecord(id, sku, token.placeType === 'group' ? this.#query.group(tenantGroupId, id, sku) : this.#query.location(tenantGroupId, id, sku)),
    );
    return {
      nextDeltaToken: encodeDeltaToken({ ...token, cursor: last, issuedAt: this.#clock.now() }),
      shouldQueryAgain: !exhausted,
      records,
    };
  }
}

function deltaRecord(id: string, sku: string, a: Availability | undefined): DeltaRecord {
  if (!a) return { sku, deltaType: 'Delete', id, onHand: 0, atf: 0, ato: 0, reserved: 0, safetyStockCount: 0, futures: [] };
  return {
    sku,
    deltaType: 'Change',
    id,
    ...(a.effectiveDate !== undefined ? { effectiveDate: a.effectiveDate } : {}),
    onHand: a.onHand,
    atf: a.atf,
    ato: a.ato,
    reserved: a.reserved,
    safetyStockCount: a.safetyStockCount,
    futures: a.futures.map((f) => ({ expectedDate: f.expectedDate, quantity: f.quantity })),
  };
}
