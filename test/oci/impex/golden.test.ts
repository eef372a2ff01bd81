import { describe, expect, it } from 'vitest';
import { impexEmulators } from './helpers.js';
import { have, IMPORT_SEGMENTS, imports, exportsOf, DELETABLE, GOOD_FILE, call, upload, settleImport, settleExportAnswer } from './golden-support.js';
import { answer, EXPORT_BODIES, EXPORT_SEGMENTS, expectComponentValid, expectSpecValid, ndjsonLines, real, refreshToken, specOperations, type Answer, type ExportSegment, type ImportSegment } from './more-helpers.js';

// Salesforce's impex RAML, converted to OpenAPI: every answer the emulator gives on every impex operation — success
// or error — validates against the schema the spec declares for that operation and status. Skipped, with a notice,
// when ../shared/specs is absent.

describe.runIf(have)('impex golden: OpenAPI schemas', () => {
  const [run, held] = impexEmulators();

  describe('every answer validates against the spec', () => {
    it('imports (both kinds): initiate, list, upload, status, file-content, delete, and their 400/404/409', async () => {
      for (const segment of IMPORT_SEGMENTS) {
        const base = imports(segment);
        const init = await call(run, 'post', base, {}, { fileName: 'golden.json', linkDuration: 30 });
        expect(init.status).toBe(200);
        expectSpecValid('post', base, init, segment);
        const { importId, uploadLink } = init.body as { importId: string; uploadLink: string };
        if (segment === 'availability-records') {
          for (const query of ['', '?available=true', '?available=false']) {
            const list = await answer(run.http.get(`${real(base)}${query}`).set(run.auth()));
            expect(list.status).toBe(200);
            expectSpecValid('get', base, list, `list${query}`);
          }
          const bad = await answer(run.http.get(`${real(base)}?available=maybe`).set(run.auth()));
          expect(bad.status).toBe(400);
          expectSpecValid('get', base, bad, 'list ?available=maybe');
        }
        const waiting = await call(run, 'get', `${base}/{importId}/status`, { importId });
        expect((waiting.body as { status: string }).status).toBe('WAITING');
        expectSpecValid('get', `${base}/{importId}/status`, waiting, 'WAITING');
        const early = await call(run, 'get', `${base}/{importId}/file-content`, { importId });
        expect(early.status).toBe(409);
        expectSpecValid('get', `${base}/{importId}/file-content`, early, 'result before upload');

        const up = await upload(run, uploadLink, GOOD_FILE[segment]);
        expect(up.status).toBe(200);
        expectSpecValid('post', `${base}/uploadlink/{uploadLinkId}`, up, segment);
        const again = await upload(run, uploadLink, GOOD_FILE[segment]);
        expect(again.status).toBe(409);
        expect(again.body).toMatchObject({ errorCode: 'FileAlreadyReceived' });
        expectSpecValid('post', `${base}/uploadlink/{uploadLinkId}`, again, 'reused link');

        const done = await settleImport(run, segment, importId);
        expect(done.body).toMatchObject({ status: 'COMPLETED' });
        expectSpecValid('get', `${base}/{importId}/status`, done, 'COMPLETED');
        const result = await call(run, 'get', `${base}/{importId}/file-content`, { importId });
        expect(result.status).toBe(200);
        expectSpecValid('get', `${base}/{importId}/file-content`, result, segment);
        expect(ndjsonLines(result.text)[0]).toEqual({ status: 'COMPLETED_WITHOUT_ERRORS' });

        const removed = await call(run, 'delete', `${base}/{importId}`, { importId });
        expect(removed.status).toBe(204);
        expectSpecValid('delete', `${base}/{importId}`, removed, segment);

        // Unknown ids: 404 EntityNotFound everywhere.
        for (const [method, template, params] of [
          ['get', `${base}/{importId}/status`, { importId }],
          ['get', `${base}/{importId}/file-content`, { importId }],
          ['delete', `${base}/{importId}`, { importId }],
          ['post', `${base}/uploadlink/{uploadLinkId}`, { uploadLinkId: 'no-such-link' }],
        ] as const) {
          const res = method === 'post' ? await upload(run, real(template, params), GOOD_FILE[segment]) : await call(run, method, template, params);
          expect(res.status, `${method} ${template}`).toBe(404);
          expectSpecValid(method, template, res, '404');
        }
        // 400s that carry InvalidRequestParameter.
        for (const body of [{ fileName: 5 }, { fileName: 'x.json', linkDuration: 'abc' }, { fileName: 'x.json', linkDuration: 61 }, { fileName: 'x.json', fileHashType: 'MD5' }, {}]) {
          const res = await call(run, 'post', base, {}, body);
          expect(res.status, JSON.stringify(body)).toBe(400);
          expectSpecValid('post', base, res, JSON.stringify(body));
        }
      }
    });

    it('exports (all five kinds): initiate, status, file-content (both availability layouts), delete, and their 400/404', async () => {
      const bad: Record<ExportSegment, unknown[]> = {
        'availability-records': [{ objects: { groups: ['arizona'], locations: ['surprise'] } }, { objects: { locations: ['atlantis'] } }, { objects: { groups: ['Atlantis'] } }, { objects: 'x' }],
        // The location-graph export takes no body: nothing in one can be wrong (malformed JSON: see below).
        'location-graph': [],
        'product-segmentation': [{ groups: ['atlantis'] }, { groups: [] }],
        'event-log': [{ sku: 'a b', startsOn: '2026-03-01T00:00:00Z' }, { sku: 'sku123', startsOn: 'yesterday' }],
        reservations: [{ status: 'maybe', fromDate: '2026-03-01T00:00:00Z' }, { status: 'open' }],
      };
      const bodies: [ExportSegment, unknown][] = [...EXPORT_SEGMENTS.map((s) => [s, EXPORT_BODIES[s]] as [ExportSegment, unknown]), ['availability-records', { objects: { locations: ['surprise', 'wickenburg'] } }]];
      for (const [segment, body] of bodies) {
        const base = exportsOf(segment);
        const init = await call(run, 'post', base, {}, body);
        expect(init.status, init.text).toBe(200);
        expectSpecValid('post', base, init, segment);
        const exportId = (init.body as { exportId: string }).exportId;
        const status = await settleExportAnswer(run, segment, exportId);
        expect(status.body).toMatchObject({ status: 'COMPLETED' });
        expectSpecValid('get', `${base}/{exportId}/status`, status, segment);
        const file = await call(run, 'get', `${base}/{exportId}/file-content`, { exportId });
        expect(file.status).toBe(200);
        expectSpecValid('get', `${base}/{exportId}/file-content`, file, `${segment} ${JSON.stringify(body)}`);
        if (DELETABLE(segment)) {
          const removed = await call(run, 'delete', `${base}/{exportId}`, { exportId });
          expect(removed.status).toBe(204);
          expectSpecValid('delete', `${base}/{exportId}`, removed, segment);
        }
        const unknown = [
          ['get', `${base}/{exportId}/status`],
          ['get', `${base}/{exportId}/file-content`],
          ...(DELETABLE(segment) ? [['delete', `${base}/{exportId}`]] : []),
        ] as [string, string][];
        for (const [method, template] of unknown) {
          const res = await call(run, method, template, { exportId: DELETABLE(segment) ? exportId : 'e-no-such-export' });
          expect(res.status, `${method} ${template}`).toBe(404);
          expectSpecValid(method, template, res, '404');
        }
        for (const b of bad[segment]) {
          const res = await call(run, 'post', base, {}, b);
          expect(res.status, `${segment} ${JSON.stringify(b)}: ${res.text}`).toBe(400);
          expectSpecValid('post', base, res, JSON.stringify(b));
        }
        bad[segment] = []; // availability exports come twice (groups, then locations): their 400s once
      }
    });

    it('held jobs: the PENDING answers, 409 ImportInProgress and 409 ExportInProcess', async () => {
      const importJobs: [ImportSegment, string][] = [];
      for (const segment of IMPORT_SEGMENTS) {
        const base = imports(segment);
        const init = await call(held, 'post', base, {}, { fileName: 'held.json' });
        const { importId, uploadLink } = init.body as { importId: string; uploadLink: string };
        const up = await upload(held, uploadLink, GOOD_FILE[segment]);
        expect(up.body).toMatchObject({ status: 'PENDING', importId });
        expectSpecValid('post', `${base}/uploadlink/{uploadLinkId}`, up, 'PENDING');
        const status = await call(held, 'get', `${base}/{importId}/status`, { importId });
        expect(status.body).toMatchObject({ status: 'PENDING', validation: { status: 'Pending' } });
        expectSpecValid('get', `${base}/{importId}/status`, status, 'PENDING');
        for (const [method, template] of [
          ['get', `${base}/{importId}/file-content`],
          ['delete', `${base}/{importId}`],
        ] as const) {
          const res = await call(held, method, template, { importId });
          expect(res.status, `${method} ${template}`).toBe(409);
          // The product-segmentation RAML declares ExportInProcess for its early result download.
          const code = segment === 'product-segmentation' && method === 'get' ? 'ExportInProcess' : 'ImportInProgress';
          expect(res.body).toMatchObject({ type: 'about:blank', errorCode: code });
          expectSpecValid(method, template, res, '409');
        }
        importJobs.push([segment, importId]);
      }
      const exportJobs: [ExportSegment, string][] = [];
      for (const segment of EXPORT_SEGMENTS) {
        const base = exportsOf(segment);
        const init = await call(held, 'post', base, {}, EXPORT_BODIES[segment]);
        const exportId = (init.body as { exportId: string }).exportId;
        const status = await call(held, 'get', `${base}/{exportId}/status`, { exportId });
        expect(status.body).toMatchObject({ status: 'PENDING' });
        expectSpecValid('get', `${base}/{exportId}/status`, status, 'PENDING');
        const templates = [['get', `${base}/{exportId}/file-content`], ...(DELETABLE(segment) ? [['delete', `${base}/{exportId}`]] : [])] as [string, string][];
        for (const [method, template] of templates) {
          const res = await call(held, method, template, { exportId });
          expect(res.status, `${method} ${template}`).toBe(409);
          expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'ExportInProcess' });
          expectSpecValid(method, template, res, '409');
        }
        exportJobs.push([segment, exportId]);
      }
      await held.emulator.clock.advance(60_000);
      for (const [segment, importId] of importJobs) expectSpecValid('get', `${imports(segment)}/{importId}/status`, await settleImport(held, segment, importId), 'released');
      for (const [segment, exportId] of exportJobs) expectSpecValid('get', `${exportsOf(segment)}/{exportId}/status`, await settleExportAnswer(held, segment, exportId), 'released');
    });

    it('403 for a tenant group that is not provisioned: the Spring-style body on every impex operation', async () => {
      const operations = specOperations();
      expect(operations).toHaveLength(30);
      const params = { importId: 'i-1', exportId: 'e-1', uploadLinkId: 'u-1' };
      for (const { method, template } of operations) {
        const res = await call(run, method, template, params, method === 'post' ? {} : undefined, 'not-a-provisioned-tenant-group');
        expect(res.status, `${method} ${template}: ${res.text}`).toBe(403);
        // The media type is checked on its own below.
        expectSpecValid(method, template, res, '403', { mediaType: false });
        expect(res.body).toMatchObject({ status: 403, error: 'Forbidden', type: 'about:blank', path: real(template, params, 'not-a-provisioned-tenant-group') });
      }
    });

    // impex.openapi.json declares 409ExportInProcessError for the product-segmentation result asked too early, and
    // the RAML example for it is `{"errorCode":"ExportInProcess","message":"Export … is in progress."}`.
    it('409 for a product-segmentation import result asked too early: the spec declares ExportInProcess', async () => {
      const init = await call(held, 'post', imports('product-segmentation'), {}, { fileName: 'early.json' });
      const { importId, uploadLink } = init.body as { importId: string; uploadLink: string };
      await upload(held, uploadLink, GOOD_FILE['product-segmentation']);
      const res = await call(held, 'get', `${imports('product-segmentation')}/{importId}/file-content`, { importId });
      expect(res.status).toBe(409);
      expectSpecValid('get', `${imports('product-segmentation')}/{importId}/file-content`, res, 'segmentation result too early');
    });

    // impex.openapi.json declares application/json for every impex 403 (a Spring error body); like every other
    // emulator time, its `timestamp` comes from the virtual clock.
    it('403 for a tenant group that is not provisioned: served as application/json, the timestamp from the virtual clock', async () => {
      const res = await call(run, 'get', `${imports('availability-records')}/{importId}/status`, { importId: 'i-1' }, undefined, 'not-a-provisioned-tenant-group');
      expect(res.status).toBe(403);
      expect(res.type).toBe('application/json');
      const { timestamp } = res.body as { timestamp: string };
      expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
      expect(Math.abs(Date.parse(timestamp.replace('+0000', 'Z')) - run.emulator.clock.now())).toBeLessThan(1_000);
    });

    // Every impex 400 schema allows only "InvalidRequestParameter" (and, for availability exports,
    // LocationDoesNotExist/GroupDoesNotExist), also for a body that is not JSON, missing or not an object.
    it('400 for a malformed, missing or non-object body on the initiate routes carries an errorCode the spec allows', async () => {
      const templates = [...IMPORT_SEGMENTS.map(imports), ...EXPORT_SEGMENTS.map(exportsOf)];
      const problems: string[] = [];
      for (const template of templates) {
        const path = real(template);
        const sent = [
          ['malformed', answer(run.http.post(path).set(run.auth()).set('Content-Type', 'application/json').send('{"fileName":'))],
          // The location-graph export takes no body: only one that is not JSON at all is refused.
          ...(template.includes('location-graph')
            ? []
            : [
                ['array', answer(run.http.post(path).set(run.auth()).send([1]))],
                ['no body', answer(run.http.post(path).set(run.auth()))],
              ]),
        ] as [string, Promise<Answer>][];
        for (const [what, pending] of sent) {
          const res = await pending;
          expect(res.status, `${what} ${template}`).toBe(400);
          try {
            expectSpecValid('post', template, res, what);
          } catch {
            problems.push(`${what} → ${template}: ${res.text}`);
          }
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it('expired links: 410 ExpiredUploadLink (both import kinds) and 410 ExpiredResultLink after a day', async () => {
      // Finished jobs whose files will expire.
      const finishedImports: [ImportSegment, string][] = [];
      for (const segment of IMPORT_SEGMENTS) {
        const init = await call(run, 'post', imports(segment), {}, { fileName: 'day.json' });
        const { importId, uploadLink } = init.body as { importId: string; uploadLink: string };
        await upload(run, uploadLink, GOOD_FILE[segment]);
        await settleImport(run, segment, importId);
        finishedImports.push([segment, importId]);
      }
      const finishedExports: [ExportSegment, string][] = [];
      for (const segment of EXPORT_SEGMENTS) {
        const init = await call(run, 'post', exportsOf(segment), {}, EXPORT_BODIES[segment]);
        const exportId = (init.body as { exportId: string }).exportId;
        await settleExportAnswer(run, segment, exportId);
        finishedExports.push([segment, exportId]);
      }
      // Upload links of one minute, used after two.
      const links: [ImportSegment, string, string][] = [];
      for (const segment of IMPORT_SEGMENTS) {
        const init = await call(run, 'post', imports(segment), {}, { fileName: 'late.json', linkDuration: 1 });
        const { importId, uploadLink } = init.body as { importId: string; uploadLink: string };
        links.push([segment, importId, uploadLink]);
      }
      await run.emulator.clock.advance(120_000);
      for (const [segment, importId, uploadLink] of links) {
        const res = await upload(run, uploadLink, GOOD_FILE[segment]);
        expect(res.status).toBe(410);
        expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'ExpiredUploadLink' });
        expectSpecValid('post', `${imports(segment)}/uploadlink/{uploadLinkId}`, res, '410');
        const status = await call(run, 'get', `${imports(segment)}/{importId}/status`, { importId });
        expect(status.body).toMatchObject({ status: 'EXPIRED', validation: { status: 'Failed' } });
        expectSpecValid('get', `${imports(segment)}/{importId}/status`, status, 'EXPIRED');
      }

      await run.emulator.clock.advance(24 * 3_600_000 + 60_000);
      await refreshToken(run);
      for (const [segment, importId] of finishedImports) {
        const template = `${imports(segment)}/{importId}/file-content`;
        const res = await call(run, 'get', template, { importId });
        expect(res.status, segment).toBe(410);
        expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'ExpiredResultLink' });
        if (segment === 'availability-records') {
          // The spec declares only 404 and 409 for this download (product segmentation's twin declares 410 as
          // well); ExpiredResultLink is in OCI's error enum, so its body is checked against the 410 component.
          expect(() => expectSpecValid('get', template, res)).toThrow(/declares no 410/);
          expectComponentValid('410ExpiredResultLinkError', res.body, template);
        } else {
          expectSpecValid('get', template, res, '410');
        }
      }
      for (const [segment, exportId] of finishedExports) {
        const template = `${exportsOf(segment)}/{exportId}/file-content`;
        const res = await call(run, 'get', template, { exportId });
        expect(res.status, segment).toBe(410);
        expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'ExpiredResultLink' });
        expectSpecValid('get', template, res, '410');
        // The status is still there, and still valid.
        expectSpecValid('get', `${exportsOf(segment)}/{exportId}/status`, await call(run, 'get', `${exportsOf(segment)}/{exportId}/status`, { exportId }), 'expired');
      }
    });
  });
});
