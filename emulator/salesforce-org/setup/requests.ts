import { z } from 'zod';

// What Setup's buttons send.

/** Omnichannel Inventory → the Omnichannel Inventory-B2C Commerce Integration toggle. */
export const integrationBody = z.object({ b2cCommerceIntegration: z.boolean('must be true or false') });

/** Manage C2C Trust Relationships → New → Request Trust. */
export const trustRequestBody = z.object({
  cloud: z.string('must be a string, "Commerce Cloud"'),
  remoteTenantUrl: z.string('must be the Business Manager URL, https://<host>/on/'),
});
