import type { FastLane, LaneRequest } from '../core/http/fast-lane.js';
import type { OciGuard } from './guard.js';

/** What the party gives each of its Commerce API route sets (availability, change feed, reservations, impex). */
export interface OciRouteDeps {
  guard: OciGuard;
  /** The largest JSON body a route reads. */
  bodyLimit: number;
  /** Where the routes B2C calls all day also register, to be served without Express (core/http/fast-lane.ts). */
  lane?: FastLane;
}

/** The tenant group a Commerce API path names (`…/organizations/{organizationId}/…`). */
export const tenantGroupOf = (req: LaneRequest): string => String(req.params.organizationId);
