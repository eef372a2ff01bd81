import { describe, expect, it } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import { OciCacheClient, type StreamPlaces } from './consumers/b2c-commerce/oci-cache-client.js';
import { OciError, type ExportFile } from './consumers/oci-dialect.js';
import { AUTH, describeProviderVerification, ISO_INSTANT, JSON_TYPE, PLACEHOLDER_TOKEN, PROBLEM_TYPE, REQUEST_HEADERS, useConsumerPact } from './support/contract-halves.js';
import { EXAMPLE_DELTA_TOKEN as EXAMPLE_EXPORT_TOKEN, EXPORT_FILE_EXAMPLE, EXPORT_FILE_PATTERN } from './support/impex-pact.js';
import {
  CHANGE,
  COMBINED,
  DEDICATED,
  DELETED,
  DELTA_TOKEN,
  EXAMPLE_DELTA_TOKEN,
  EXAMPLE_EXPORT_ID,
  EXAMPLE_NEXT_TOKEN,
  GROUP_CHANGE,
  LOCATIONS_FILE_EXAMPLE,
  LOCATIONS_FILE_PATTERN,
  STATE,
  TG,
} from './support/oci-cache-pact.js';
import { providerStatePath, UUID } from './support/pacts.js';

// B2C Commerce's OCI cache (consumer) fills its streams from OCI (docs/oci-integration.md, "Streams"): a full import
// through the availability export (oci-impex), then the change feed from the file's delta token (oci-availability).
// Consumer and provider halves in one file, so the providers always verify the pacts this very run wrote.

const { fromProviderState, number, regex, string } = MatchersV3;

const CONSUMER = 'b2c-commerce';
const TIMEOUT = 60_000;
const EXPORTS = `/inventory/impex/v1/organizations/${TG}/availability-records/exports`;
const GET_DELTAS = `/inventory/availability/v1/organizations/${TG}/availability-records/actions/get-deltas`;
// The RAML gives the availability export file both types (json for groups, text for locations); the body is NDJSON either way.
const EXPORT_FILE_TYPE = regex('^application/(json|text)(;.*)?$', 'application/text');

const client = (url: string) => new OciCacheClient({ baseUrl: url, accessToken: PLACEHOLDER_TOKEN, tenantGroupId: TG });
const streamParams = (s: StreamPlaces) => ({ placeType: s.placeType, places: s.places });
const problem = (errorCode: string, message: string) => (b: { headers(h: object): { jsonBody(body: unknown): unknown } }) =>
  b.headers({ 'Content-Type': PROBLEM_TYPE }).jsonBody({ type: 'about:blank', errorCode, message: string(message) });

describe(`consumer ${CONSUMER} of oci-impex`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, 'oci-impex');

  const initiate = (name: string, s: StreamPlaces) =>
    it(name, async () => {
      const objects = s.placeType === 'group' ? { groups: s.places } : { locations: s.places };
      await pact()
        .addInteraction()
        .given(STATE.linked)
        .uponReceiving(`a request to export the availability of a ${s.placeType === 'group' ? 'dedicated' : 'combined'} stream's ${s.placeType}s`)
        .withRequest('POST', EXPORTS, (b) => b.headers(REQUEST_HEADERS).jsonBody({ objects }))
        .willRespondWith(200, (b) =>
          b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
            exportId: regex(`^${UUID}$`, EXAMPLE_EXPORT_ID),
            exportStatusLink: regex(`^${EXPORTS}/${UUID}/status$`, `${EXPORTS}/${EXAMPLE_EXPORT_ID}/status`),
          }),
        )
        .executeTest(async (mock) => {
          expect(await client(mock.url).requestExport(s)).toEqual({ exportId: EXAMPLE_EXPORT_ID, exportStatusLink: `${EXPORTS}/${EXAMPLE_EXPORT_ID}/status` });
        });
    });
  initiate('asks for a full import of a dedicated stream: the export of its group', DEDICATED);
  initiate('asks for a full import of the combined stream: the export of its locations', COMBINED);

  /** A GET of the export a state made: the path holds the id the state hands over. */
  const ofExport = (given: string, s: StreamPlaces, description: string, suffix: string) => {
    const path = providerStatePath(`${EXPORTS}/\${exportId}/${suffix}`, { exportId: EXAMPLE_EXPORT_ID });
    return pact()
      .addInteraction()
      .given(given, streamParams(s))
      .uponReceiving(description)
      .withRequest('GET', path.path, (b) => b.headers(AUTH).matchingRules(path.rules));
  };
  const downloadLink = `${EXPORTS}/${EXAMPLE_EXPORT_ID}/file-content`;

  it('polls the export until it completed, for its download link', async () => {
    await ofExport(STATE.exportCompleted, COMBINED, 'a status request for the completed export of a stream', 'status')
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          id: fromProviderState('${exportId}', EXAMPLE_EXPORT_ID),
          // OCI's own examples mix the cases of these words; the cache compares them case-insensitively.
          status: regex('^(COMPLETED|Completed)$', 'COMPLETED'),
          export: { locations: COMBINED.places },
          download: { downloadLink: regex(`^${EXPORTS}/${UUID}/file-content$`, downloadLink), downloadLinkExpirationUTC: regex(ISO_INSTANT, '2026-03-03T09:00:00.000Z') },
        }),
      )
      .executeTest(async (mock) => {
        expect(await client(mock.url).exportStatus(EXAMPLE_EXPORT_ID)).toMatchObject({ id: EXAMPLE_EXPORT_ID, status: 'COMPLETED', download: { downloadLink } });
      });
  });

  const download = (name: string, s: StreamPlaces, file: { example: string; pattern: string; token: string }, check: (read: ExportFile) => void) =>
    it(name, async () => {
      await ofExport(STATE.exportCompleted, s, `a download of the completed export of a stream's ${s.placeType}s`, 'file-content')
        .willRespondWith(200, (b) =>
          // NDJSON is not one JSON document: the body is text, its shape a regex over the whole file.
          b
            .headers({ 'Content-Type': EXPORT_FILE_TYPE })
            .body('text/plain', Buffer.from(file.example, 'utf8'))
            .matchingRules({ body: { path: '$', rules: [regex(file.pattern, file.example)] } }),
        )
        .executeTest(async (mock) => {
          const read = await client(mock.url).downloadExport(downloadLink);
          expect(read.deltaToken).toBe(file.token);
          check(read);
        });
    });
  download('reads the combined stream’s file: each location, its records, the delta token', COMBINED, { example: LOCATIONS_FILE_EXAMPLE, pattern: LOCATIONS_FILE_PATTERN, token: EXAMPLE_DELTA_TOKEN }, (file) => {
    expect(file.places.map((p) => [p.placeType, p.id])).toEqual([['location', 'STORE-BOS'], ['location', 'STORE-DEN']]);
    expect(file.places[0]!.records[0]).toMatchObject({ sku: 'SKU-0001', onHand: 38, atf: 36, ato: 36, safetyStockCount: 2 });
  });
  download('reads a dedicated stream’s file: the group, its records, the delta token', DEDICATED, { example: EXPORT_FILE_EXAMPLE, pattern: EXPORT_FILE_PATTERN, token: EXAMPLE_EXPORT_TOKEN }, (file) => {
    expect(file.places).toEqual([{ placeType: 'group', id: 'US-ONLINE', records: [expect.objectContaining({ sku: 'SKU-0001', ato: 37, groupReserved: 0 })] }]);
  });

  it('is told the file of an export is no longer offered (410), and asks for a new one', async () => {
    await ofExport(STATE.exportExpired, COMBINED, 'a download of an export completed more than a day ago', 'file-content')
      .willRespondWith(410, problem('ExpiredResultLink', 'The download link has expired or is no longer valid.'))
      .executeTest(async (mock) => {
        const refused = client(mock.url).downloadExport(downloadLink);
        await expect(refused).rejects.toBeInstanceOf(OciError);
        await expect(refused).rejects.toMatchObject({ status: 410, errorCode: 'ExpiredResultLink' });
      });
  });
});

describe(`consumer ${CONSUMER} of oci-availability`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, 'oci-availability');
  const figures = { atf: number(40), ato: number(40), reserved: number(0), safetyStockCount: number(2), futures: [] };

  /** get-deltas with the token of the state's full import (only the provider can mint one). */
  const deltas = (given: string, params: Record<string, string | number | string[]>, description: string) =>
    pact()
      .addInteraction()
      .given(given, params)
      .uponReceiving(description)
      .withRequest('POST', GET_DELTAS, (b) => b.headers(REQUEST_HEADERS).jsonBody({ deltaToken: fromProviderState('${deltaToken}', EXAMPLE_DELTA_TOKEN) }));
  const page = (records: unknown[]) => (b: { headers(h: object): { jsonBody(body: unknown): unknown } }) =>
    b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({ nextDeltaToken: regex(DELTA_TOKEN, EXAMPLE_NEXT_TOKEN), shouldQueryAgain: false, records });

  it('follows the combined stream from its file’s token: the change at one of its locations', async () => {
    await deltas(STATE.changedAfter, { ...streamParams(COMBINED), ...CHANGE }, 'a get-deltas request of the combined stream after a change at one of its locations')
      .willRespondWith(200, page([{ sku: CHANGE.sku, deltaType: 'Change', id: CHANGE.location, onHand: CHANGE.onHand, ...figures }]))
      .executeTest(async (mock) => {
        const answer = await client(mock.url).getDeltas(EXAMPLE_DELTA_TOKEN);
        expect(answer).toMatchObject({ nextDeltaToken: EXAMPLE_NEXT_TOKEN, shouldQueryAgain: false, records: [{ id: CHANGE.location, sku: CHANGE.sku, deltaType: 'Change', onHand: CHANGE.onHand }] });
      });
  });

  it('follows a dedicated stream: a change at a location of its group comes as the group’s record', async () => {
    await deltas(STATE.changedAfter, { ...streamParams(DEDICATED), ...GROUP_CHANGE }, 'a get-deltas request of a dedicated stream after a change at a location of its group')
      .willRespondWith(200, page([{ sku: GROUP_CHANGE.sku, deltaType: 'Change', id: 'US-ONLINE', onHand: number(351), ...figures }]))
      .executeTest(async (mock) => {
        expect((await client(mock.url).getDeltas(EXAMPLE_DELTA_TOKEN)).records).toMatchObject([{ id: 'US-ONLINE', sku: GROUP_CHANGE.sku, deltaType: 'Change' }]);
      });
  });

  it('learns a record of a followed location was deleted', async () => {
    await deltas(STATE.deletedAfter, { ...streamParams(COMBINED), ...DELETED }, 'a get-deltas request of the combined stream after a record was deleted')
      .willRespondWith(200, page([{ sku: DELETED.sku, deltaType: 'Delete', id: DELETED.location }]))
      .executeTest(async (mock) => {
        expect((await client(mock.url).getDeltas(EXAMPLE_DELTA_TOKEN)).records).toEqual([{ sku: DELETED.sku, deltaType: 'Delete', id: DELETED.location }]);
      });
  });

  it('polls and finds nothing new: no records, a token to keep', async () => {
    await deltas(STATE.fileRead, streamParams(COMBINED), 'a get-deltas request of the combined stream with nothing changed')
      .willRespondWith(200, page([]))
      .executeTest(async (mock) => {
        expect(await client(mock.url).getDeltas(EXAMPLE_DELTA_TOKEN)).toEqual({ nextDeltaToken: EXAMPLE_NEXT_TOKEN, shouldQueryAgain: false, records: [] });
      });
  });

  it('is told its delta link expired (410), and imports the stream again', async () => {
    await deltas(STATE.linkExpired, streamParams(COMBINED), 'a get-deltas request with a token older than 23.5 hours')
      .willRespondWith(410, problem('ExpiredDeltaLink', 'The delta token provided has expired.'))
      .executeTest(async (mock) => {
        await expect(client(mock.url).getDeltas(EXAMPLE_DELTA_TOKEN)).rejects.toMatchObject({ name: 'OciError', status: 410, errorCode: 'ExpiredDeltaLink' });
      });
  });
});

describeProviderVerification({ consumer: CONSUMER, provider: 'oci-impex', interactions: 6, timeout: TIMEOUT });
describeProviderVerification({ consumer: CONSUMER, provider: 'oci-availability', interactions: 5, timeout: TIMEOUT });
