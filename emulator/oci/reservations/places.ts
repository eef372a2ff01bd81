import { ociErrors } from '../errors.js';
import type { OciTenantState } from '../tenant-book.js';
import type { Place } from './model.js';

// Every reservation request names its places first: one unknown group or location refuses the whole request
// with a 400 before anything is applied (the RAML's GroupDoesNotExist / LocationDoesNotExist examples).

export function checkPlaces(state: OciTenantState, places: readonly Place[]): void {
  for (const p of places) {
    if (p.type === 'group' && !state.groups[p.id]) throw ociErrors.noGroupWithId(p.id);
    if (p.type === 'location' && !state.locations[p.id]) throw ociErrors.noLocationWithId(p.id);
  }
}
