import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import type { Emulator } from '../emulator/index.js';
import { DEMO } from '../fixtures/well-known.js';
import { OciImpexClient } from './consumers/inventory-integration/oci-impex-client.js';
import { OciError } from './consumers/oci-dialect.js';
import { AUTH, integrationToken, ISO_INSTANT, JSON_TYPE, PLACEHOLDER_TOKEN, PROBLEM_TYPE, REQUEST_HEADERS, useConsumerPact, useProviderEmulator, verifyWrittenPact } from './support/contract-halves.js';
import { EXAMPLE_DELTA_TOKEN, EXPORT_FILE_EXAMPLE, EXPORT_FILE_PATTERN, EXPORT_GROUPS, FILE_NAME, IMPORTED_RECORDS, LINK_MINUTES, STATE, UPLOAD_NDJSON } from './support/impex-pact.js';
import { providerStatePath, UUID } from './support/pacts.js';

// Consumer and provider halves in one file, so the provider always verifies the pact this very run wrote.

const { fromProviderState, integer, regex, string } = MatchersV3;

const CONSUMER = 'inventory-integration';
const PROVIDER = 'oci-impex';
const TG = DEMO.salesforce.tenantGroupId;
const BASE = `/inventory/impex/v1/organizations/${TG}`;
const IMPORTS = `${BASE}/availability-records/imports`;
const EXPORTS = `${BASE}/availability-records/exports`;
const TIMEOUT = 60_000;

// The RAML gives the availability export file both types (json for groups, text for locations); the body is NDJSON either way.
const EXPORT_FILE_TYPE = regex('^application/(json|text)(;.*)?$', 'application/json');

// Examples only: fixed so the pact file is byte-stable; the provider's real ids are matched by shape.
const EXAMPLE_IMPORT_ID = 'a218f4b2-2dc3-4ea8-af6d-c75fafd62256';
const EXAMPLE_UPLOAD_LINK_ID = 'd88e54c5-23ed-4e33-a6a9-c31dc810662b';
const EXAMPLE_EXPORT_ID = '5c0f3e7a-9b1d-4c2e-8f4a-6d7e8f901234';
const UPLOAD_LINK = (id: string) => `${IMPORTS}/uploadlink/${id}`;

// Fixed, so the recorded multipart body (and so the pact file) is the same every run; the mock accepts any boundary.
const MULTIPART_BOUNDARY = 'inventory-integration-contract-boundary';

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, PROVIDER);
  let uploadDir: string;
  let uploadFile: string;
  beforeAll(() => {
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
    await pact()
      .addInteraction()
      .given(STATE.demoWorld, { tenantGroupId: TG })
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
  /** A GET of a job's resource, in a state that made the job: its path holds the id the state hands over. */
  const getJob = (given: string, params: Record<string, string | number | string[]>, description: string, template: string, example: Record<string, string>) => {
    const path = providerStatePath(template, example);
    return pact()
      .addInteraction()
      .given(given, params)
      .uponReceiving(description)
      .withRequest('GET', path.path, (b) => b.headers(AUTH).matchingRules(path.rules));
  };

  // Pact's multipart body: the request's Content-Type (with its boundary) is matched by a regex, the `fileUpload`
  // part by what its bytes look like (JSON), not by the bytes themselves.
  const fileUpload = (given: string, description: string) =>
    pact()
      .addInteraction()
      .given(given, { tenantGroupId: TG, fileName: FILE_NAME })
      .uponReceiving(description)
      .withRequest('POST', uploadPath.path, (b) => b.headers(AUTH).multipartBody('application/json', uploadFile, 'fileUpload', MULTIPART_BOUNDARY).matchingRules(uploadPath.rules));
  const upload = (url: string) => client(url).uploadImportFile(UPLOAD_LINK(EXAMPLE_UPLOAD_LINK_ID), UPLOAD_NDJSON, FILE_NAME);

  it('posts the NDJSON file to the upload link as a multipart file part', async () => {
    await fileUpload(STATE.uploadLinkOpen, 'an NDJSON file posted to an open upload link')
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          status: regex('^(PENDING|RUNNING|COMPLETED)$', 'PENDING'),
          importId: fromProviderState('${importId}', EXAMPLE_IMPORT_ID),
        }),
      )
      .executeTest(async (mock) => {
        expect(await upload(mock.url)).toEqual({ status: 'PENDING', importId: EXAMPLE_IMPORT_ID });
      });
  });

  it('is refused a second file on the same upload link', async () => {
    await fileUpload(STATE.fileReceived, 'an NDJSON file posted to an upload link that already received one')
      .willRespondWith(409, (b) =>
        b.headers({ 'Content-Type': PROBLEM_TYPE }).jsonBody({
          type: 'about:blank',
          errorCode: 'FileAlreadyReceived',
          message: string('The file for this uploadLink has already been received.'),
        }),
      )
      .executeTest(async (mock) => {
        const refused = upload(mock.url);
        await expect(refused).rejects.toBeInstanceOf(OciError);
        await expect(refused).rejects.toMatchObject({ status: 409, errorCode: 'FileAlreadyReceived' });
      });
  });

  it('reads the status of a completed import, with its counts and result link', async () => {
    await getJob(STATE.importCompleted, { tenantGroupId: TG, fileName: FILE_NAME, records: IMPORTED_RECORDS }, 'a status request for a completed availability import', `${IMPORTS}/\${importId}/status`, { importId: EXAMPLE_IMPORT_ID })
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
    await pact()
      .addInteraction()
      .given(STATE.demoWorld, { tenantGroupId: TG })
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
    await getJob(STATE.exportCompleted, { tenantGroupId: TG, groups: EXPORT_GROUPS }, 'a status request for a completed availability export', `${EXPORTS}/\${exportId}/status`, { exportId: EXAMPLE_EXPORT_ID })
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
    await getJob(STATE.exportCompleted, { tenantGroupId: TG, groups: EXPORT_GROUPS }, 'a download of a completed availability export file', `${EXPORTS}/\${exportId}/file-content`, { exportId: EXAMPLE_EXPORT_ID })
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
  const emulator = useProviderEmulator();
  /** Every job due on the (frozen) clock run and the impex queue empty. */
  const settleJobs = async (e: Emulator) => {
    await e.clock.settle();
    await e.services.oci?.domain.jobs.idle();
  };

  it('verifies the pact written above', async () => {
    await verifyWrittenPact({ consumer: CONSUMER, provider: PROVIDER, interactions: 7 }, emulator());
  });

  it("chains the flow a client follows: the links one answer gives lead to the same import, which completes", async () => {
    // Each interaction above stands alone, so Pact cannot say that uploadLink and importStatusLink of one answer
    // belong to one import, nor that an uploaded file is eventually imported. The consumer's own client says it here.
    const e = emulator();
    await settleJobs(e);
    e.control.resetAll();
    const client = new OciImpexClient({ baseUrl: e.url, accessToken: await integrationToken(e.url), tenantGroupId: TG });
    const links = await client.initiateAvailabilityImport({ fileName: FILE_NAME, linkDuration: LINK_MINUTES });
    expect(links.importStatusLink).toBe(`${IMPORTS}/${links.importId}/status`);
    expect(await client.uploadImportFile(links.uploadLink, UPLOAD_NDJSON, FILE_NAME)).toMatchObject({ importId: links.importId });
    await settleJobs(e);
    const status = await client.importStatus(links.importId);
    expect(status).toMatchObject({ status: 'COMPLETED', upload: { fileName: FILE_NAME }, import: { recordsReadCount: 2, recordsProcessedCount: 2, recordsSkippedCount: 0 } });

    const started = await client.initiateAvailabilityExport({ groups: EXPORT_GROUPS });
    await settleJobs(e);
    const exported = await client.exportStatus(started.exportId);
    expect(exported.status).toBe('COMPLETED');
    const file = await client.downloadExport(exported.download.downloadLink);
    // The export sees what the import wrote: SKU-0001 at WH-EAST now has 40 on hand, counted in US-ONLINE.
    const oci = e.services.oci!.domain;
    expect(oci.query.location(TG, 'WH-EAST', 'SKU-0001')?.onHand).toBe(40);
    expect(file.places.map((p) => p.id)).toEqual(EXPORT_GROUPS);
    expect(file.places[0]!.records.find((r) => r.sku === 'SKU-0001')).toMatchObject({ onHand: oci.query.group(TG, 'US-ONLINE', 'SKU-0001')!.onHand });
    expect(file.deltaToken).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
