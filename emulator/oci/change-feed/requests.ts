import { z } from 'zod';
import { PLACE_PATTERN } from '../schemas.js';

/** How many places one delta token may follow. */
export const MAX_DELTA_PLACES = 100;

export const getDeltasBody = z.object({ deltaToken: z.string('must be a string').min(1, 'must not be empty') });

export const deltaTokenBody = z.object({
  placeType: z.enum(['group', 'location'], 'must be group or location'),
  places: z
    .array(z.string().min(1).max(128).regex(PLACE_PATTERN, 'may only contain letters, digits, - and _'), 'must be an array of place ids')
    .min(1, 'must name at least one place')
    .max(MAX_DELTA_PLACES, `must name at most ${MAX_DELTA_PLACES} places`),
});
