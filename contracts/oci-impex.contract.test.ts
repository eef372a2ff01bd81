import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import type { Emulator } from '../emulator/index.js';
import { DEMO, OCI_AM_SCOPES } from '../fixtures/well-known.js';
import { requestToken } from './consumers/inventory-integration/account-manager-client.js';
import { OciError } from './consumers/inventory-integration/oci-availability-client.js';
import { OciImpexClient } from './consumers/inventory-integration/oci-impex-client.js';
import { freshConsumerPact, pactFile, providerStatePath, readPact, UUID } from './support/pacts.js';
import { cleanImportFile, completedAvailabilityExport, expectFixture, fromSettledFixtureWorld, openAvailabilityImport, settleJobs, textParam, uploadToImport } from './support/provider-states.js';
import { startProviderEmulator } from './support/provider-emulator.js';
import { verifyProvider, type StateParams } from './support/verify-provider.js';

// Consumer and provider halves in one file, so the provider always verifies the pact this very run wrote.

const { fromProviderState, integer, regex, string } = MatchersV3;

const CONSUMER = 'inventory-integration';
const PROVIDER = 'oci-impex';
const TG = DEMO.salesforce.tenantGroupId;
const BASE = `/inventory/impex/v1/organizations/${TG}`;
const IMPORTS = `${BASE}/availability-records/imports`;
const EXPORTS = `${BASE}/availability-records/exports`;
const TIMEOUT = 60_000;

// Provider states. Every one names its tenant group as a parameter; those that make a job hand its ids back
// for the pact's fromProviderState expressions, so the requests carry ids the provider really issued.
const DEMO_WORLD = 'the demo inventory world';
const UPLOAD_LINK_OPEN = 'an availability import is waiting for its file at an open upload link';
const FILE_RECEIVED = 'an availability import already received its file';
const IMPORT_COMPLETED = 'an availability import of records completed';
const EXPORT_COMPLETED = 'an availability export of groups completed';

const FILE_NAME = 'inventory.ndjson';
const LINK_MINUTES = 10;
const IMPORTED_RECORDS = 2;
const EXPORT_GROUPS = ['US-ONLINE'];

// A placeholder: a pact cannot hold a real token; the verifier's request filter puts a fresh one in its place.
const PLACEHOLDER_TOKEN = 'placeholder-account-manager-token';
const AUTH = { Authorization: regex('^Bearer \\S+$', `Bearer ${PLACEHOLDER_TOKEN}`) };
const REQUEST_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };
const JSON_TYPE = regex('^application/json(;.*)?$', 'application/json; charset=utf-8');
const PROBLEM_TYPE = regex('^application/problem\\+json(;.*)?$', 'application/problem+json');
// The RAML gives the availability export file both types (json for groups, text for locations); the body is NDJSON either way.
const EXPORT_FILE_TYPE = regex('^application/(json|text)(;.*)?$', 'application/json');

// Examples only: fixed so the pact file is byte-stable; the provider's real ids are matched by shape.
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';
const EXAMPLE_IMPORT_ID = 'a218f4b2-2dc3-4ea8-af6d-c75fafd62256';
const EXAMPLE_UPLOAD_LINK_ID = 'd88e54c5-23ed-4e33-a6a9-c31dc810662b';
const EXAMPLE_EXPORT_ID = '5c0f3e7a-9b1d-4c2e-8f4a-6d7e8f901234';
const EXAMPLE_DELTA_TOKEN = 'eyJleGFtcGxlIjoiZXhwb3J0LWRlbHRhLXRva2VuIn0';
const UPLOAD_LINK = (id: string) => `${IMPORTS}/uploadlink/${id}`;

// The file the integration uploads: the high-performance layout, one self-contained record a line.
const UPLOAD_NDJSON = [
  { recordId: '6f1d8a52-1c0e-4f7b-9a3d-000000000001', sku: 'SKU-0001', locationId: 'WH-EAST', onHand: 40, safetyStockCount: 2, effectiveDate: '2026-03-02T09:00:00Z', futures: [{ quantity: 10, expectedDate: '2026-04-01T00:00:00Z' }] },
  { recordId: '6f1d8a52-1c0e-4f7b-9a3d-000000000002', sku: 'SKU-0002', locationId: 'STORE-BOS', onHand: 7 },
]
  .map((line) => `${JSON.stringify(line)}\n`)
  .join('');
// Fixed, so the recorded multipart body (and so the pact file) is the same every run; the mock accepts any boundary.
const MULTIPART_BOUNDARY = 'inventory-integration-contract-boundary';

// The availability export file as the integration reads it: a place line, its records, the closing delta token.
const EXPORT_FILE_EXAMPLE = [
  { groupId: 'US-ONLINE' },
  { sku: 'SKU-0001', onHand: 42, reserved: 0, groupReserved: 0, sharedGroupReserved: 0, atf: 37, ato: 37, safetyStockCount: 5, futures: [] },
  { deltaToken: EXAMPLE_DELTA_TOKEN },
]
  .map((line) => `${JSON.stringify(line)}\n`)
  .join('');
const EXPORT_FILE_PATTERN = `^\\{"groupId":"US-ONLINE"\\}\\n(\\{"sku":"[^"\\n]+",[^\\n]*\\}\\n)+\\{"deltaToken":"[A-Za-z0-9_-]+"\\}\\n?$`;

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  let pact: PactV4;
  let uploadDir: string;
  let uploadFile: string;
  beforeAll(() => {
    pact = freshConsumerPact(CONSUMER, PROVIDER);
    // Pact reads a multipart file part from disk and records its base name, so the name is fixed too.
    uploadDir = mkdtempSync(join(tmpdir(), 'impex-contract-'));
    uploadFile = join(uploadDir, FILE_NAME);
    writeFileSync(uploadFile, UPLOAD_NDJSON);
  });
  afterAll(() => {
    rmSync(uploadDir, { recursive: true, force: true });
  });
  const client = (url: string) => new OciImpexClient({ baseUrl: url, accessToken: PLACEHOLDER_TOKEN, tenantGroupId: TG });

  it('asks for an upload link for an availability import', async () => {
    await pact
      .addInteraction()
      .given(DEMO_WORLD, { tenantGroupId: TG })
      .uponReceiving('a request for an availability import upload link')
      .withRequest('POST', IMPORTS, (b) => b.headers(REQUEST_HEADERS).jsonBody({ fileName: FILE_NAME, linkDuration: LINK_MINUTES }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          importId: regex(`^${UUID}$`, EXAMPLE_IMPORT_ID),
          importStatusLink: regex(`^${IMPORTS}/${UUID}/status$`, `${IMPORTS}/${EXAMPLE_IMPORT_ID}/status`),
          uploadLink: regex(`^${IMPORTS}/uploadlink/${UUID}$`, UPLOAD_LINK(EXAMPLE_UPLOAD_LINK_ID)),
          uploadMethod: 'POST',
          uploadLinkExpirationUTC: regex(ISO_INSTANT, '2026-03-02T09:10:00.000Z'),
        }),
      )
      .executeTest(async (mock) => {
        const links = await client(mock.url).initiateAvailabilityImport({ fileName: FILE_NAME, linkDuration: LINK_MINUTES });
        expect(links).toEqual({
          importId: EXAMPLE_IMPORT_ID,
          importStatusLink: `${IMPORTS}/${EXAMPLE_IMPORT_ID}/status`,
          uploadLink: UPLOAD_LINK(EXAMPLE_UPLOAD_LINK_ID),
          uploadMethod: 'POST',
          uploadLinkExpirationUTC: '2026-03-02T09:10:00.000Z',
        });
      });
  });

  // The upload link, import and export ids are the provider's: each state hands its own over.
  const uploadPath = providerStatePath(`${IMPORTS}/uploadlink/\${uploadLinkId}`, { uploadLinkId: EXAMPLE_UPLOAD_LINK_ID });

  it('posts the NDJSON file to the upload link as a multipart file part', async () => {
    await pact
      .addInteraction()
      .given(UPLOAD_LINK_OPEN, { tenantGroupId: TG, fileName: FILE_NAME })
      .uponReceiving('an NDJSON file posted to an open upload link')
      // Pact's multipart body: the request's Content-Type (with its boundary) is matched by a regex, the
      // `fileUpload` part by what its bytes look like (JSON), not by the bytes themselves.
      .withRequest('POST', uploadPath.path, (b) =>
        b.headers(AUTH).multipartBody('application/json', uploadFile, 'fileUpload', MULTIPART_BOUNDARY).matchingRules(uploadPath.rules),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          status: regex('^(PENDING|RUNNING|COMPLETED)$', 'PENDING'),
          importId: fromProviderState('${importId}', EXAMPLE_IMPORT_ID),
        }),
      )
      .executeTest(async (mock) => {
        const accepted = await client(mock.url).uploadImportFile(UPLOAD_LINK(EXAMPLE_UPLOAD_LINK_ID), UPLOAD_NDJSON, FILE_NAME);
        expect(accepted).toEqual({ status: 'PENDING', importId: EXAMPLE_IMPORT_ID });
      });
  });

  it('is refused a second file on the same upload link', async () => {
    await pact
      .addInteraction()
      .given(FILE_RECEIVED, { tenantGroupId: TG, fileName: FILE_NAME })
      .uponReceiving('an NDJSON file posted to an upload link that already received one')
      .withRequest('POST', uploadPath.path, (b) =>
        b.headers(AUTH).multipartBody('application/json', uploadFile, 'fileUpload', MULTIPART_BOUNDARY).matchingRules(uploadPath.rules),
      )
      .willRespondWith(409, (b) =>
        b.headers({ 'Content-Type': PROBLEM_TYPE }).jsonBody({
          type: 'about:blank',
          errorCode: 'FileAlreadyReceived',
          message: string('The file for this uploadLink has already been received.'),
        }),
      )
      .executeTest(async (mock) => {
        const refused = client(mock.url).uploadImportFile(UPLOAD_LINK(EXAMPLE_UPLOAD_LINK_ID), UPLOAD_NDJSON, FILE_NAME);
        await expect(refused).rejects.toBeInstanceOf(OciError);
        await expect(refused).rejects.toMatchObject({ status: 409, errorCode: 'FileAlreadyReceived' });
      });
  });

  it('reads the status of a completed import, with its counts and result link', async () => {
    const status = providerStatePath(`${IMPORTS}/\${importId}/status`, { importId: EXAMPLE_IMPORT_ID });
    await pact
      .addInteraction()
      .given(IMPORT_COMPLETED, { tenantGroupId: TG, fileName: FILE_NAME, records: IMPORTED_RECORDS })
      .uponReceiving('a status request for a completed availability import')
      .withRequest('GET', status.path, (b) => b.headers(AUTH).matchingRules(status.rules))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          importId: fromProviderState('${importId}', EXAMPLE_IMPORT_ID),
          // OCI's own examples mix the cases of these words; the integration compares them case-insensitively.
          status: regex('^(COMPLETED|Completed)$', 'COMPLETED'),
          validation: { status: regex('^(Success|SUCCESS)$', 'Success'), errors: [] },
          upload: { fileName: FILE_NAME },
          import: {
            // The state imported exactly this many clean records: the counts are part of the contract.
            recordsProcessedCount: IMPORTED_RECORDS,
            recordsReadCount: IMPORTED_RECORDS,
            recordsSkippedCount: 0,
            fullResults: {
              href: regex(`^${IMPORTS}/${UUID}/file-content$`, `${IMPORTS}/${EXAMPLE_IMPORT_ID}/file-content`),
              exportResultExpirationUTC: regex(ISO_INSTANT, '2026-03-03T09:00:00.000Z'),
            },
          },
        }),
      )
      .executeTest(async (mock) => {
        const status = await client(mock.url).importStatus(EXAMPLE_IMPORT_ID);
        expect(status).toMatchObject({ importId: EXAMPLE_IMPORT_ID, status: 'COMPLETED', validation: { errors: [] } });
        expect(status.import).toMatchObject({ recordsProcessedCount: 2, recordsReadCount: 2, recordsSkippedCount: 0 });
      });
  });

  it('initiates an availability export of a group', async () => {
    await pact
      .addInteraction()
      .given(DEMO_WORLD, { tenantGroupId: TG })
      .uponReceiving('a request to export the availability of a group')
      .withRequest('POST', EXPORTS, (b) => b.headers(REQUEST_HEADERS).jsonBody({ objects: { groups: EXPORT_GROUPS } }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          exportId: regex(`^${UUID}$`, EXAMPLE_EXPORT_ID),
          exportStatusLink: regex(`^${EXPORTS}/${UUID}/status$`, `${EXPORTS}/${EXAMPLE_EXPORT_ID}/status`),
        }),
      )
      .executeTest(async (mock) => {
        const started = await client(mock.url).initiateAvailabilityExport({ groups: EXPORT_GROUPS });
        expect(started).toEqual({ exportId: EXAMPLE_EXPORT_ID, exportStatusLink: `${EXPORTS}/${EXAMPLE_EXPORT_ID}/status` });
      });
  });

  it('reads the status of a completed export, with its download link', async () => {
    const status = providerStatePath(`${EXPORTS}/\${exportId}/status`, { exportId: EXAMPLE_EXPORT_ID });
    await pact
      .addInteraction()
      .given(EXPORT_COMPLETED, { tenantGroupId: TG, groups: EXPORT_GROUPS })
      .uponReceiving('a status request for a completed availability export')
      .withRequest('GET', status.path, (b) => b.headers(AUTH).matchingRules(status.rules))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          id: fromProviderState('${exportId}', EXAMPLE_EXPORT_ID),
          status: regex('^(COMPLETED|Completed)$', 'COMPLETED'),
          export: { recordsProcessedCount: integer(24), recordsExportedCount: integer(24), groups: EXPORT_GROUPS },
          download: {
            downloadLink: regex(`^${EXPORTS}/${UUID}/file-content$`, `${EXPORTS}/${EXAMPLE_EXPORT_ID}/file-content`),
            downloadLinkExpirationUTC: regex(ISO_INSTANT, '2026-03-03T09:00:00.000Z'),
          },
        }),
      )
      .executeTest(async (mock) => {
        const status = await client(mock.url).exportStatus(EXAMPLE_EXPORT_ID);
        expect(status).toMatchObject({ id: EXAMPLE_EXPORT_ID, status: 'COMPLETED', export: { groups: EXPORT_GROUPS } });
        expect(status.download.downloadLink).toBe(`${EXPORTS}/${EXAMPLE_EXPORT_ID}/file-content`);
      });
  });

  it('downloads the export file: the group, its records, a closing delta token', async () => {
    const download = providerStatePath(`${EXPORTS}/\${exportId}/file-content`, { exportId: EXAMPLE_EXPORT_ID });
    await pact
      .addInteraction()
      .given(EXPORT_COMPLETED, { tenantGroupId: TG, groups: EXPORT_GROUPS })
      .uponReceiving('a download of a completed availability export file')
      .withRequest('GET', download.path, (b) => b.headers(AUTH).matchingRules(download.rules))
      .willRespondWith(200, (b) =>
        // NDJSON is not one JSON document: the body is text, its shape a regex over the whole file. The
        // Content-Type matcher lets the provider label it application/json (as OCI does for group exports).
        b
          .headers({ 'Content-Type': EXPORT_FILE_TYPE })
          .body('text/plain', Buffer.from(EXPORT_FILE_EXAMPLE, 'utf8'))
          .matchingRules({ body: { path: '$', rules: [regex(EXPORT_FILE_PATTERN, EXPORT_FILE_EXAMPLE)] } }),
      )
      .executeTest(async (mock) => {
        const file = await client(mock.url).downloadExport(`${EXPORTS}/${EXAMPLE_EXPORT_ID}/file-content`);
        expect(file.deltaToken).toBe(EXAMPLE_DELTA_TOKEN);
        expect(file.places).toEqual([{ placeType: 'group', id: 'US-ONLINE', records: [expect.objectContaining({ sku: 'SKU-0001', atf: 37, groupReserved: 0 })] }]);
      });
  });
});

describe(`provider ${PROVIDER} honours ${CONSUMER}`, { timeout: TIMEOUT }, () => {
  let emulator: Emulator & { url: string };
  beforeAll(async () => {
    emulator = await startProviderEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const tenantGroup = (params: StateParams) => textParam(params, 'tenantGroupId', TG);
  const fileName = (params: StateParams) => textParam(params, 'fileName', FILE_NAME);

  it('verifies the pact written above', async () => {
    // Guards against verifying a half-written pact after a consumer test failed.
    expect(readPact(CONSUMER, PROVIDER).interactions).toHaveLength(7);
    await verifyProvider({
      provider: PROVIDER,
      pactFiles: [pactFile(CONSUMER, PROVIDER)],
      emulator,
      stateHandlers: {
        [DEMO_WORLD]: fromSettledFixtureWorld(emulator, (params) => {
          const state = emulator.services.oci!.domain.tenants.state(tenantGroup(params));
          for (const group of EXPORT_GROUPS) expectFixture(state.groups[group] !== undefined, `the location group ${group}`);
        }),
        [UPLOAD_LINK_OPEN]: fromSettledFixtureWorld(emulator, (params) => {
          const job = openAvailabilityImport(emulator, tenantGroup(params), { fileName: fileName(params), linkDuration: LINK_MINUTES });
          return { uploadLinkId: job.uploadLinkId, importId: job.id };
        }),
        [FILE_RECEIVED]: fromSettledFixtureWorld(emulator, async (params) => {
          const tg = tenantGroup(params);
          const job = await uploadToImport(emulator, tg, openAvailabilityImport(emulator, tg, { fileName: fileName(params) }), cleanImportFile(1));
          return { uploadLinkId: job.uploadLinkId, importId: job.id };
        }),
        [IMPORT_COMPLETED]: fromSettledFixtureWorld(emulator, async (params) => {
          const tg = tenantGroup(params);
          const records = typeof params.records === 'number' ? params.records : IMPORTED_RECORDS;
          const job = await uploadToImport(emulator, tg, openAvailabilityImport(emulator, tg, { fileName: fileName(params) }), cleanImportFile(records));
          if (job.status !== 'COMPLETED' || job.processed !== records) {
            throw new Error(`the state's import ended ${job.status} with ${job.processed} of ${records} records processed`);
          }
          return { importId: job.id };
        }),
        [EXPORT_COMPLETED]: fromSettledFixtureWorld(emulator, async (params) => {
          const groups = Array.isArray(params.groups) ? params.groups.map(String) : EXPORT_GROUPS;
          const job = await completedAvailabilityExport(emulator, tenantGroup(params), { groups });
          if (job.status !== 'COMPLETED') throw new Error(`the state's export ended ${job.status}: ${job.failure ?? 'no reason given'}`);
          return { exportId: job.id };
        }),
      },
    });
  });

  it("chains the flow a client follows: the links one answer gives lead to the same import, which completes", async () => {
    // Each interaction above stands alone, so Pact cannot say that uploadLink and importStatusLink of one answer
    // belong to one import, nor that an uploaded file is eventually imported. The consumer's own client says it here.
    await settleJobs(emulator);
    emulator.control.resetAll();
    const { accessToken } = await requestToken({
      baseUrl: emulator.url,
      clientId: DEMO.accountManager.integrationClient.id,
      clientSecret: DEMO.accountManager.integrationClient.secret,
      tenant: DEMO.b2c.instanceId,
      scopes: OCI_AM_SCOPES,
    });
    const client = new OciImpexClient({ baseUrl: emulator.url, accessToken, tenantGroupId: TG });
    const links = await client.initiateAvailabilityImport({ fileName: FILE_NAME, linkDuration: LINK_MINUTES });
    expect(links.importStatusLink).toBe(`${IMPORTS}/${links.importId}/status`);
    expect(await client.uploadImportFile(links.uploadLink, UPLOAD_NDJSON, FILE_NAME)).toMatchObject({ importId: links.importId });
    await settleJobs(emulator);
    const status = await client.importStatus(links.importId);
    expect(status).toMatchObject({ status: 'COMPLETED', upload: { fileName: FILE_NAME }, import: { recordsReadCount: 2, recordsProcessedCount: 2, recordsSkippedCount: 0 } });

    const started = await client.initiateAvailabilityExport({ groups: EXPORT_GROUPS });
    await settleJobs(emulator);
    const exported = await client.exportStatus(started.exportId);
    expect(exported.status).toBe('COMPLETED');
    const file = await client.downloadExport(exported.download.downloadLink);
    // The export sees what the import wrote: SKU-0001 at WH-EAST now has 40 on hand, counted in US-ONLINE.
    const oci = emulator.services.oci!.domain;
    expect(oci.query.location(TG, 'WH-EAST', 'SKU-0001')?.onHand).toBe(40);
    expect(file.places.map((p) => p.id)).toEqual(EXPORT_GROUPS);
    expect(file.places[0]!.records.find((r) => r.sku === 'SKU-0001')).toMatchObject({ onHand: oci.query.group(TG, 'US-ONLINE', 'SKU-0001')!.onHand });
    expect(file.deltaToken).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
