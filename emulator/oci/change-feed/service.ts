import type { VirtualClock } from '../../core/clock.js';
import type { AvailabilityQuery } from '../availability/query-service.js';
import { ociError, ociErrors } from '../errors.js';
import type { OciTenants } from '../tenants.js';
import { decodeDeltaToken, encodeDeltaToken } from './delta-token.js';
import type { ChangeFeed } from './feed.js';
import type { PlaceKind } from './model.js';
import { deltaRecord, type DeltaPage } from './views.js';

// delta-token and get-deltas: a stream follows some groups or some locations from a position in the change feed.
// Each page names every (place, SKU) that changed since the token, with its current figures, at most `pageSize`
// of them; `shouldQueryAgain` says more are waiting.

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
