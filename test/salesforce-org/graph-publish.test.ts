import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../emulator/core/errors/app-error.js';
import { ociNamespace } from '../../emulator/oci/model.js';
import type { OciTenantState } from '../../emulator/oci/tenant-book.js';
import type { OciServices } from '../../emulator/oci/party.js';
import { orgNamespace, SALESFORCE_NAMESPACE, type OrgState, type SalesforceState } from '../../emulator/salesforce-org/model.js';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { API, ORG, orgToken } from './helpers.js';

// Publishing the location graph: the Connect upload, its PENDING → IN_PROGRESS → COMPLETED life on the virtual
// clock, what reaches OCI (only enabled, synced places), validation failures, OCI's refusals, and the journal.

const UPLOADS = `${API}/commerce/oci/location-graph/uploads`;
const TG = ORG.tenantGroupId;
let run: Running;
let token: string;
let oci: OciServices;
beforeAll(async () => {
  run = await startEmulator();
  token = await orgToken(run);
  oci = run.emulator.services.oci!;
});
afterAll(() => run.close());
const restoreOci = () => {
  run.emulator.services.oci = oci;
};

const auth = <T extends { set(name: string, value: string): T }>(r: T) => r.set('Authorization', `Bearer ${token}`);
const publish = () => auth(run.http.post(UPLOADS));
const status = (id: string) => auth(run.http.get(`${UPLOADS}/${id}`));
const create = async (type: string, body: Record<string, unknown>) => (await auth(run.http.post(`${API}/sobjects/${type}`)).send(body)).body.id as string;
/** Wraps OCI's publishGraph in a spy that still calls it (or a stand-in). */
const spyOnOci = (impl: OciServices['publishGraph'] = (tg, graph) => oci.publishGraph(tg, graph)) => {
  const publishGraph = vi.fn(impl);
  run.emulator.services.oci = { ...oci, publishGraph };
  return publishGraph;
};

describe('the upload lifecycle', () => {
  let uploadId: string;
  let spy: ReturnType<typeof spyOnOci>;
  afterAll(restoreOci);

  it('POST → 201 {errors, success, uploadId}, a journal event and a timer keyed by the tenant group', async () => {
    spy = spyOnOci();
    const res = await publish();
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ errors: [], success: true, uploadId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) });
    uploadId = res.body.uploadId;
    expect(run.emulator.journal.query({ type: 'oci.location-graph.upload.requested' }).at(-1)).toMatchObject({ tenant: TG, data: { uploadId, locations: 4, groups: 2 } });
    expect(run.emulator.clock.pending().map((j) => j.key)).toContain(`${TG}:graph-upload:${uploadId}`);
  });

  it('PENDING at first, nothing sent to OCI yet', async () => {
    const res = await status(uploadId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      endTimeUTC: null,
      errors: [],
      recordsProcessedCount: 0,
      recordsReadCount: 0,
      recordsSkippedCount: 0,
      startTimeUTC: null,
      status: 'PENDING',
      success: true,
      uploadId,
      validationErrors: [],
      validationStatus: 'PENDING',
    });
    expect(spy).not.toHaveBeenCalled();
  });

  it('IN_PROGRESS after half a second (fast profile)', async () => {
    await run.emulator.clock.advance(500);
    expect((await status(uploadId)).body).toMatchObject({ status: 'IN_PROGRESS', startTimeUTC: '2026-03-02T09:00:00.500Z', recordsReadCount: 11 });
    expect(spy).not.toHaveBeenCalled();
  });

  it('COMPLETED after two seconds: OCI got the published graph by External Reference, and the journal says so', async () => {
    await run.emulator.clock.advance(1500);
    expect((await status(uploadId)).body).toMatchObject({
      status: 'COMPLETED',
      validationStatus: 'VALID',
      endTimeUTC: '2026-03-02T09:00:02.000Z',
      recordsReadCount: 11,
      recordsProcessedCount: 11,
      recordsSkippedCount: 0,
    });
    expect(spy).toHaveBeenCalledTimes(1);
    const [tg, graph] = spy.mock.calls[0]!;
    expect(tg).toBe(TG);
    expect(graph.locations.map((l) => l.id)).toEqual(['WH-EAST', 'WH-WEST', 'STORE-BOS', 'STORE-DEN']);
    expect(graph.groups).toEqual([
      { id: 'US-ONLINE', name: 'US-ONLINE', locations: ['WH-EAST', 'WH-WEST', 'STORE-BOS'] },
      { id: 'US-STORES', name: 'US-STORES', locations: ['STORE-BOS', 'STORE-DEN'] },
    ]);
    expect(run.emulator.journal.query({ type: 'oci.location-graph.published' }).at(-1)).toMatchObject({ tenant: TG, data: { uploadId, locations: 4, groups: 2 } });
  });
});

describe('what is published', () => {
  afterEach(restoreOci);

  it('a new synced location joins its group in OCI; unsynced locations and disabled groups stay in the org', async () => {
    const north = await create('Location', { Name: 'North', LocationType: 'Warehouse', ExternalReference: 'WH-NORTH', ShouldSyncWithOci: true });
    const hidden = await create('Location', { Name: 'Hidden', LocationType: 'Store', ExternalReference: 'STORE-HIDDEN' });
    await create('LocationGroupAssignment', { LocationId: north, LocationGroupId: '0gh000000000005AAA' });
    await create('LocationGroupAssignment', { LocationId: hidden, LocationGroupId: '0gh000000000005AAA' });
    const off = await create('LocationGroup', { LocationGroupName: 'Off', ExternalReference: 'OFF-GROUP', IsEnabled: false, ShouldSyncWithOci: true });
    await create('LocationGroupAssignment', { LocationId: north, LocationGroupId: off });
    const spy = spyOnOci();
    const { uploadId } = (await publish()).body;
    await run.emulator.clock.advance(2000);
    expect((await status(uploadId)).body).toMatchObject({ status: 'COMPLETED', recordsReadCount: 17, recordsProcessedCount: 13, recordsSkippedCount: 4 });
    const graph = spy.mock.calls[0]![1];
    expect(graph.locations.map((l) => l.id)).toEqual(['WH-EAST', 'WH-WEST', 'STORE-BOS', 'STORE-DEN', 'WH-NORTH']);
    expect(graph.groups.map((g) => g.id)).toEqual(['US-ONLINE', 'US-STORES']);
    const state = run.emulator.store.get<OciTenantState>(ociNamespace(TG))!;
    expect(Object.keys(state.locations)).toContain('WH-NORTH');
    expect(state.groups['US-ONLINE']!.locations).toEqual(['WH-EAST', 'WH-WEST', 'STORE-BOS', 'WH-NORTH']);
  });
});

describe('uploads that fail', () => {
  afterEach(restoreOci);

  it('a synced group without a published location fails validation, and OCI is not called', async () => {
    await create('LocationGroup', { LocationGroupName: 'Empty', ExternalReference: 'EMPTY-GROUP', ShouldSyncWithOci: true });
    const spy = spyOnOci();
    const { uploadId } = (await publish()).body;
    await run.emulator.clock.advance(2000);
    const res = await status(uploadId);
    expect(res.body).toMatchObject({ status: 'FAILED', validationStatus: 'INVALID', endTimeUTC: expect.any(String) });
    expect(res.body.validationErrors).toEqual([
      'Location group EMPTY-GROUP has no published location: assign at least one location with Sync with OCI selected.',
    ]);
    expect(spy).not.toHaveBeenCalled();
    expect(run.emulator.journal.query({ type: 'oci.location-graph.upload.failed' }).at(-1)).toMatchObject({ tenant: TG });
  });

  it('OCI refusing the graph, or no OCI at all, fails the upload with the reason', async () => {
    const groups = run.emulator.store.get<OrgState>(orgNamespace(ORG.orgId))!.sobjects.LocationGroup;
    for (const g of Object.values(groups)) if (g.ExternalReference === 'EMPTY-GROUP') g.ShouldSyncWithOci = false;
    spyOnOci(() => {
      throw new AppError(400, 'GroupMustNotBeEmpty', 'Group X has no location.');
    });
    const refused = (await publish()).body.uploadId;
    await run.emulator.clock.advance(2000);
    expect((await status(refused)).body).toMatchObject({ status: 'FAILED', validationErrors: ['Group X has no location.'] });
    run.emulator.services.oci = undefined;
    const absent = (await publish()).body.uploadId;
    await run.emulator.clock.advance(2000);
    expect((await status(absent)).body.validationErrors[0]).toMatch(/^Omnichannel Inventory is not available/);
  });

  it('an unknown upload id → 404 NOT_FOUND; an org without a provisioned tenant group → 403', async () => {
    expect((await status('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const tg = run.emulator.store.get<SalesforceState>(SALESFORCE_NAMESPACE)!.tenantGroups[TG]!;
    tg.provisioned = false;
    try {
      const res = await publish();
      expect(res.status).toBe(403);
      expect(res.body[0].errorCode).toBe('FUNCTIONALITY_NOT_ENABLED');
    } finally {
      tg.provisioned = true;
    }
  });
});
