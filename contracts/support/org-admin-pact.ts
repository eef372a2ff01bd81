import { DEMO } from '../../fixtures/well-known.js';
import { SETUP_GUIDE_STATE_NAMES } from '../../emulator/cli/pact/setup-guide.js';

// The fixed parts of the org admin's contracts (org-admin-salesforce-org and org-admin-b2c-commerce contract files):
// the steps of the setup guide's Phases 3 and 4 as provider states, each the world after the steps up to its own
// (the provider walks the guide over HTTP from the `before-trust` world: emulator/cli/pact/setup-guide.ts).

export const ADMIN = DEMO.salesforce.users.admin;
export const APP = DEMO.salesforce.connectedApp;
export const TG = DEMO.salesforce.tenantGroupId;
export const INSTANCE = DEMO.b2c.instanceId;
/** Manage C2C Trust Relationships → New: the instance's Business Manager URL. */
export const REMOTE_TENANT_URL = `https://${DEMO.b2c.bmHost}/on/`;

/** The guide's steps, in its order, as provider states: each is the world after the steps up to its own (named in the catalogue). */
export const STATE = SETUP_GUIDE_STATE_NAMES;

// Examples only, fixed so the pact files are byte-stable; the provider's ids and instants are matched by shape.
export const EXAMPLE_TRUST_ID = '0XtPvd8lNO7tBOvKYM';
export const TRUST_ID = '0Xt[A-Za-z0-9]{15}';
