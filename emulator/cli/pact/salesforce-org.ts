import { SETUP_GUIDE_STATES } from './setup-guide.js';
import { expectFixture, fromFixtureWorld, type StateContext, type StateSetup } from './state-kit.js';

// Provider states of the Salesforce org: its demo world (with the logins the token rules use), the location graph
// published through the org's Connect API with the connected app's session, and the setup guide's steps an org
// admin's pact names (setup-guide.ts, shared with B2C Commerce).

const UPLOADS = '/services/data/v62.0/commerce/oci/location-graph/uploads';
/** An upload runs on the clock (PENDING, then IN_PROGRESS): each poll moves it on by this much. */
const UPLOAD_STEP = 500;
const UPLOAD_POLLS = 40;

const demoOrg = fromFixtureWorld(async (ctx) => {
  expectFixture((await ctx.world()).org !== undefined, 'a Salesforce org with a connected app and a user');
});

/** The org's enabled, synced graph, handed to OCI: answers the upload's id. */
async function publishGraph(ctx: StateContext): Promise<string> {
  const { uploadId } = (await ctx.asOrgApp('POST', UPLOADS)).json as { uploadId: string };
  return uploadId;
}

/** Polls the upload, moving the clock on between polls, until it ends; refuses one that did not complete. */
async function uploadCompleted(ctx: StateContext, uploadId: string): Promise<void> {
  for (let poll = 0; poll < UPLOAD_POLLS; poll++) {
    const upload = (await ctx.asOrgApp('GET', `${UPLOADS}/${encodeURIComponent(uploadId)}`)).json as { status: string; validationErrors?: unknown[] };
    if (upload.status === 'COMPLETED') return;
    if (upload.status !== 'PENDING' && upload.status !== 'IN_PROGRESS') throw new Error(`the state's upload ended ${upload.status}: ${JSON.stringify(upload.validationErrors ?? [])}`);
    await ctx.http.control('POST', '/clock/advance', { by: UPLOAD_STEP });
  }
  throw new Error(`the state's upload ${uploadId} had not ended after ${UPLOAD_POLLS} polls`);
}

export const SALESFORCE_ORG_STATES: Record<string, StateSetup> = {
  'the demo Salesforce org': demoOrg,
  // The inventory integration (the location graph through Connect).
  'the demo org, its connected app and its enabled, synced location graph': demoOrg,
  'a location-graph upload was just requested': fromFixtureWorld(async (ctx) => ({ uploadId: await publishGraph(ctx) })),
  'a location-graph upload completed': fromFixtureWorld(async (ctx) => {
    const uploadId = await publishGraph(ctx);
    await uploadCompleted(ctx, uploadId);
    return { uploadId };
  }),
  // The org admin (Setup).
  ...SETUP_GUIDE_STATES,
};
