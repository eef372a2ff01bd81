import { DEMO } from '../../../fixtures/well-known.js';
import { textParam, type StateContext, type StateParams } from './state-kit.js';

// The impex steps provider states of both OCI providers share: an availability export run to its end, and a stream's
// full import as B2C's OCI cache reads it (the export of the stream's places, its file, the delta token closing it),
// each through the impex API with the Commerce API client's token.

/** The OCI places one stream of the B2C cache follows: a group (dedicated stream) or locations (combined). */
export interface StreamPlaces {
  placeType: 'group' | 'location';
  places: string[];
}

/** A job with one of these statuses has not ended. */
export const ACTIVE = new Set(['WAITING', 'PENDING', 'RUNNING']);
/** The demo instance's combined stream: what a state reads when the pact names no stream. */
const COMBINED: StreamPlaces = { placeType: 'location', places: ['STORE-BOS', 'STORE-DEN'] };

export const tenantGroupOf = (params: StateParams) => textParam(params, 'tenantGroupId', DEMO.salesforce.tenantGroupId);
export const impexBase = (params: StateParams) => `/inventory/impex/v1/organizations/${encodeURIComponent(tenantGroupOf(params))}/availability-records`;

/** The stream a state's parameters name (`placeType`, `places`). */
export function streamOf(params: StateParams): StreamPlaces {
  return {
    placeType: params.placeType === 'group' ? 'group' : 'location',
    places: Array.isArray(params.places) ? params.places.map(String) : COMBINED.places,
  };
}

export const exportObjects = (stream: StreamPlaces) => (stream.placeType === 'group' ? { groups: stream.places } : { locations: stream.places });

interface ExportStatus {
  status: string;
  download?: { downloadLink?: string };
}

/** An availability export of the places, initiated and polled until it ends; refuses one that did not complete. */
export async function completedExport(ctx: StateContext, params: StateParams, objects: { groups: string[] } | { locations: string[] }): Promise<{ exportId: string; downloadLink: string }> {
  const { exportId } = (await ctx.asCommerceApi('POST', `${impexBase(params)}/exports`, { json: { objects } })).json as { exportId: string };
  const status = await ctx.until(`export ${exportId} to end`, async () => {
    const answer = (await ctx.asCommerceApi('GET', `${impexBase(params)}/exports/${encodeURIComponent(exportId)}/status`)).json as ExportStatus;
    return ACTIVE.has(answer.status) ? undefined : answer;
  });
  const downloadLink = status.download?.downloadLink;
  if (status.status !== 'COMPLETED' || !downloadLink) throw new Error(`the state's export ${exportId} ended ${status.status}: ${JSON.stringify(status)}`);
  return { exportId, downloadLink };
}

/** A stream's full import, read as the cache reads it: answers the delta token closing the export file. */
export async function fullImport(ctx: StateContext, params: StateParams): Promise<string> {
  const { exportId, downloadLink } = await completedExport(ctx, params, exportObjects(streamOf(params)));
  const lines = (await ctx.asCommerceApi('GET', downloadLink)).text.trim().split('\n');
  const last = JSON.parse(lines.at(-1) ?? '{}') as { deltaToken?: unknown };
  if (typeof last.deltaToken !== 'string') throw new Error(`the file of export ${exportId} does not end with a delta token`);
  return last.deltaToken;
}
