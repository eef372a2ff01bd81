import { z } from 'zod';

// What Business Manager's buttons send (checked with core's parseBody: `field: what is wrong`).

const siteStatus = z.enum(['online', 'offline', 'maintenance', 'protected'], "must be 'online', 'offline', 'maintenance' or 'protected'");

/** Manage Sites → New. */
export const newSiteBody = z.object({ id: z.string('must be a string'), name: z.string('must be a string').optional(), status: siteStatus.optional() });

/** Manage Sites → a site's storefront status. */
export const siteStatusBody = z.object({ siteId: z.string('must be a string'), status: siteStatus });

/** Manage Sites → a site's inventory list (null removes it). */
export const siteInventoryListBody = z.object({ siteId: z.string('must be a string'), inventoryListId: z.string('must be a string').nullable() });

/** Retention Settings → Inventory Record Retention. */
export const retentionBody = z.object({ inventoryRecordRetentionDays: z.number('must be a number of days').int('must be whole days').min(0, 'must be 0 or more') });
