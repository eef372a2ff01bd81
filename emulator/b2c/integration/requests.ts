import { z } from 'zod';
import { MODES } from './model.js';

// What the OCI Integration and Instance Time Zone pages' buttons send (checked with core's parseBody).

/** OCI Integration → Inventory Integration Mode → Save. */
export const setModeBody = z.object({ mode: z.enum(MODES, "must be 'B2C', 'OCI_CACHE' or 'OCI'") });

/** OCI Integration → the cache's record cap (a Support setting on a real instance; settable here to test it). */
export const cacheCapBody = z.object({ cap: z.number('must be a number of records').int('must be a whole number of records').min(1, 'must be at least 1') });

/** Instance Time Zone → Save. */
export const timeZoneBody = z.object({ timeZone: z.string('must be an IANA time zone name').min(1, 'must be an IANA time zone name').max(64, 'must be an IANA time zone name') });
