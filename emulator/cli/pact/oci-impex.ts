import { DEMO } from '../../../fixtures/well-known.js';
import { ACTIVE, completedExport, exportObjects, impexBase as impex, streamOf, tenantGroupOf as tenantGroup } from './oci-streams.js';
import { expectFixture, fromFixtureWorld, textParam, type StateContext, type StateParams, type StateSetup } from './state-kit.js';

// Provider states of OCI's impex API, for the inventory integration (imports and a group's export) and for B2C's OCI
// cache (the export of a stream's places). States that make a job do so through the impex API itself (initiate,
// upload to the link, poll the status) and hand its ids back for the pact's fromProviderState expressions, so the
// requests carry ids the provider really issued. A state's job has ended before the state is answered: complete,
// not merely queued, when the interaction's request comes.

const FILE_NAME = 'inventory.ndjson';
const LINK_MINUTES = 10;
const IMPORTED_RECORDS = 2;
const EXPORT_GROUPS = ['US-ONLINE'];
const INSTANCE = DEMO.b2c.instanceId;

interface ImportStatus {
  importId: string;
  status: string;
  import?: { recordsProcessedCount?: number };
}


/** `count` clean records of the demo SKUs at WH-EAST, as a state's import file. */
function cleanImportFile(count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const sku = `SKU-${String(i + 1).padStart(4, '0')}`;
    return `${JSON.stringify({ recordId: `state-import-${i + 1}`, sku, locationId: 'WH-EAST', onHand: 10 + i })}\n`;
  }).join('');
}

/** An availability import waiting for its file; answers its id and the id that ends its upload link. */
async function openImport(ctx: StateContext, params: StateParams, linkDuration?: number): Promise<{ importId: string; uploadLink: string; uploadLinkId: string }> {
  const body = { fileName: textParam(params, 'fileName', FILE_NAME), ...(linkDuration !== undefined ? { linkDuration } : {}) };
  const { importId, uploadLink } = (await ctx.asCommerceApi('POST', `${impex(params)}/imports`, { json: body })).json as { importId: string; uploadLink: string };
  return { importId, uploadLink, uploadLinkId: uploadLink.split('/').pop()! };
}

/** Posts the file to the import's upload link, as a multipart file part, and waits for the import to end. */
async function uploadAndRun(ctx: StateContext, params: StateParams, uploadLink: string, importId: string, ndjson: string): Promise<ImportStatus> {
  await ctx.asCommerceApi('POST', uploadLink, { file: { field: 'fileUpload', fileName: textParam(params, 'fileName', FILE_NAME), contentType: 'application/json', content: ndjson } });
  return ctx.until(`import ${importId} to end`, async () => {
    const status = (await ctx.asCommerceApi('GET', `${impex(params)}/imports/${importId}/status`)).json as ImportStatus;
    return ACTIVE.has(status.status) ? undefined : status;
  });
}

export const OCI_IMPEX_STATES: Record<string, StateSetup> = {
  'the demo inventory world': fromFixtureWorld(async (ctx, params) => {
    const group = (await ctx.world()).tenantGroups.find((g) => g.id === tenantGroup(params));
    expectFixture(group !== undefined, `the tenant group ${tenantGroup(params)}`);
    for (const id of EXPORT_GROUPS) expectFixture(group.groups.some((g) => g.id === id), `the location group ${id}`);
  }),
  'an availability import is waiting for its file at an open upload link': fromFixtureWorld(async (ctx, params) => {
    const { importId, uploadLinkId } = await openImport(ctx, params, LINK_MINUTES);
    return { uploadLinkId, importId };
  }),
  'an availability import already received its file': fromFixtureWorld(async (ctx, params) => {
    const { importId, uploadLink, uploadLinkId } = await openImport(ctx, params);
    await uploadAndRun(ctx, params, uploadLink, importId, cleanImportFile(1));
    return { uploadLinkId, importId };
  }),
  'an availability import of records completed': fromFixtureWorld(async (ctx, params) => {
    const records = typeof params.records === 'number' ? params.records : IMPORTED_RECORDS;
    const { importId, uploadLink } = await openImport(ctx, params);
    const status = await uploadAndRun(ctx, params, uploadLink, importId, cleanImportFile(records));
    const processed = status.import?.recordsProcessedCount;
    if (status.status !== 'COMPLETED' || processed !== records) {
      throw new Error(`the state's import ended ${status.status} with ${processed ?? 'no'} of ${records} records processed`);
    }
    return { importId };
  }),
  'an availability export of groups completed': fromFixtureWorld(async (ctx, params) => {
    const groups = Array.isArray(params.groups) ? params.groups.map(String) : EXPORT_GROUPS;
    return { exportId: (await completedExport(ctx, params, { groups })).exportId };
  }),
  // B2C's OCI cache (the streams of the instance linked to the tenant group).
  'the instance is linked to the tenant group whose places its lists pair with': fromFixtureWorld(async (ctx, params) => {
    const links = (await ctx.world()).tenantGroups.find((g) => g.id === tenantGroup(params))?.links ?? [];
    expectFixture(links.some((l) => l.instanceId === INSTANCE), `the instance ${INSTANCE} linked to the tenant group ${tenantGroup(params)}`);
  }),
  "an availability export of a stream's places completed": fromFixtureWorld(async (ctx, params) => ({
    exportId: (await completedExport(ctx, params, exportObjects(streamOf(params)))).exportId,
  })),
  "an availability export of a stream's places completed more than a day ago": fromFixtureWorld(async (ctx, params) => {
    const { exportId } = await completedExport(ctx, params, exportObjects(streamOf(params)));
    // Export files are offered for a day.
    await ctx.http.control('POST', '/clock/advance', { by: 'P1DT1S' });
    return { exportId };
  }),
};
