import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImpex, type ImpexRun } from './helpers.js';
import { have, imports, type Example, wrap, missingPlaces, call, upload, settleImport } from './golden-support.js';
import { expectSpecValid, ndjsonLines, recordAt, type ImportSegment } from './more-helpers.js';
import { specExamples } from '../../helpers/specs.js';
import { TENANT_GROUP } from '../../helpers/emulator.js';

// Salesforce's impex RAML, converted to OpenAPI: every request example is accepted. Skipped, with a notice, when
// ../shared/specs is absent.

describe.runIf(have)('impex golden: RAML request examples', () => {
  let run: ImpexRun;
  beforeAll(async () => {
    run = await startImpex();
  });
  afterAll(async () => {
    await run?.close();
  });

  describe('request examples', () => {
    it('accepts every impex request example (JSON bodies, property examples wrapped, NDJSON uploads)', async () => {
      const requests = specExamples('impex').filter((e) => e.kind === 'request') as Example[];
      expect(requests.length).toBeGreaterThan(0);
      const replay: { label: string; template: string; body: unknown }[] = [];

      for (const example of requests) {
        const label = `${example.method} ${example.path} (${example.name ?? example.propertyPath ?? 'unnamed'})`;
        if (example.bodyFormat === 'ndjson') {
          // multipart/form-data NDJSON uploads: sent as the file part to a fresh upload link of that kind.
          const segment = example.path.includes('/product-segmentation/') ? 'product-segmentation' : 'availability-records';
          const init = await call(run, 'post', imports(segment), {}, { fileName: 'example.json' });
          expectSpecValid('post', imports(segment), init, label);
          const up = await upload(run, (init.body as { uploadLink: string }).uploadLink, example.body as string);
          expect(up.status, `${label}: ${up.text}`).toBe(200);
          expectSpecValid('post', `${imports(segment)}/uploadlink/{uploadLinkId}`, up, label);
          const importId = (init.body as { importId: string }).importId;
          const status = await settleImport(run, segment, importId);
          expectSpecValid('get', `${imports(segment)}/{importId}/status`, status, label);
          const result = await call(run, 'get', `${imports(segment)}/{importId}/file-content`, { importId });
          expectSpecValid('get', `${imports(segment)}/{importId}/file-content`, result, label);
          const lines = ndjsonLines(result.text);
          if (segment === 'availability-records') {
            // The legacy layout with the header written `{"locationId":"wickenburg","mode":"UPDATE"}`.
            expect(status.body, label).toMatchObject({ status: 'COMPLETED', validation: { status: 'Success', errors: [] }, import: { recordsReadCount: 2, recordsProcessedCount: 2, recordsSkippedCount: 0 } });
            expect(lines).toEqual([{ status: 'COMPLETED_WITHOUT_ERRORS' }]);
            // SKU "1" is too short for get-availability (its SkuId has minLength 2), so it is read from the store.
            expect(run.emulator.services.oci!.domain.tenants.record(TENANT_GROUP, 'wickenburg', '1')).toMatchObject({
              onHand: 10,
              safetyStockCount: 0,
              effectiveDate: '2020-04-08T14:05:22.790896-07:00',
              futures: [{ quantity: 1, expectedDate: '2020-04-18T14:05:22.781-07:00' }],
            });
            expect(await recordAt(run, 'wickenburg', 'sku2')).toMatchObject({ onHand: 5, safetyStockCount: 1 });
          } else {
            // Group G1 does not exist in this world: the import completes, every SKU line fails ("Failed to load any
            // records" is the documented FAILED result status).
            expect(status.body, label).toMatchObject({ status: 'COMPLETED', import: { recordsReadCount: 2, recordsProcessedCount: 0, recordsSkippedCount: 2 } });
            expect(lines).toEqual([
              { status: 'FAILED' },
              { groupId: 'G1', sku: 'sku1', message: 'Invalid Group Id Provided.' },
              { groupId: 'G1', sku: 'sku2', message: 'Invalid Group Id Provided.' },
            ]);
            replay.push({ label, template: `ndjson:${segment}`, body: example.body });
          }
          continue;
        }

        // JSON bodies; the three property examples (propertyPath set) are wrapped into a whole body.
        const body = example.propertyPath ? wrap(example.propertyPath, example.body) : example.body;
        const res = await call(run, example.method.toLowerCase(), example.path, {}, body);
        expectSpecValid(example.method, example.path, res, label);
        const missing = missingPlaces(body);
        if (missing.length === 0) {
          expect(res.status, `${label}: ${res.text}`).toBe(200);
          continue;
        }
        // The examples name places this world lacks (Germany, warehouse6, texas, florida). The body shape is
        // accepted — the 400 is the documented "place does not exist" answer, never a complaint about the shape.
        expect(res.status, `${label}: ${res.text}`).toBe(400);
        if (example.path.includes('/availability-records/')) {
          expect(missing, label).toHaveLength(1);
          const [{ kind, id }] = missing as [{ kind: 'group' | 'location'; id: string }];
          expect(res.body, label).toEqual(
            kind === 'group'
              ? { type: 'about:blank', errorCode: 'GroupDoesNotExist', message: `No group exists with ID '${id}'`, group: id }
              : { type: 'about:blank', errorCode: 'LocationDoesNotExist', message: `No location exists with ID '${id}'`, location: id },
          );
        } else {
          // Product segmentation documents one answer for an unknown group (its GroupsError example), naming none.
          expect(res.body, label).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequestParameter', message: 'Invalid Group Id Provided.' });
        }
        replay.push({ label, template: example.path, body });
      }

      // The org then publishes the missing places, as a real org would before exporting them: every example that
      // named them is now accepted outright, and the segmentation upload applies.
      const state = run.emulator.services.oci!.domain.tenants.state(TENANT_GROUP);
      const locations = [...Object.values(state.locations).map((l) => ({ id: l.id, name: l.name })), { id: 'warehouse6', name: 'Warehouse 6' }];
      const groups = [
        ...Object.values(state.groups).map((g) => ({ id: g.id, name: g.name, locations: [...g.locations] })),
        { id: 'Germany', name: 'Germany', locations: ['warehouse6'] },
        { id: 'texas', name: 'texas', locations: ['warehouse6'] },
        { id: 'florida', name: 'florida', locations: ['warehouse5'] },
        { id: 'G1', name: 'G1', locations: ['warehouse5'] },
      ];
      run.emulator.services.oci!.publishGraph(TENANT_GROUP, { locations, groups });
      expect(replay.length).toBeGreaterThan(0);
      for (const { label, template, body } of replay) {
        if (template.startsWith('ndjson:')) {
          const segment = template.slice('ndjson:'.length) as ImportSegment;
          const init = await call(run, 'post', imports(segment), {}, { fileName: 'example.json' });
          const { importId, uploadLink } = init.body as { importId: string; uploadLink: string };
          expect((await upload(run, uploadLink, body as string)).status).toBe(200);
          expect((await settleImport(run, segment, importId)).body).toMatchObject({ status: 'COMPLETED', import: { recordsProcessedCount: 2, recordsSkippedCount: 0 } });
          const result = await call(run, 'get', `${imports(segment)}/{importId}/file-content`, { importId });
          expect(ndjsonLines(result.text), `${label} after publishing`).toEqual([{ status: 'COMPLETED_WITHOUT_ERRORS' }]);
          continue;
        }
        const res = await call(run, 'post', template, {}, body);
        expect(res.status, `${label} after publishing: ${res.text}`).toBe(200);
        expectSpecValid('post', template, res, label);
      }
    });
  });

});
