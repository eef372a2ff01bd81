import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT, tokenFor } from '../../helpers/emulator.js';
import { IMPEX, IMPORTS, ndjson, startImpex, type ImpexRun } from './helpers.js';
import { refreshToken } from './more-helpers.js';

// What the impex API does with every request a client can get wrong: body, types, ids, token, method. Every
// refusal is in the OCI body shape. (The files themselves: bad-input-files.test.ts.)

let run: ImpexRun;
beforeAll(async () => {
  run = await startImpex();
});
afterAll(async () => {
  await run?.close();
});

const OCI_ERROR = { type: 'about:blank', errorCode: expect.any(String), message: expect.any(String) };
const NOT_FOUND = { type: 'about:blank', errorCode: 'EntityNotFound', message: 'An invalid entity was provided as part of the request.' };
const ID = '00000000-0000-4000-8000-000000000000';

interface Route {
  method: 'get' | 'post' | 'delete';
  path: string;
  /** How the route takes a body. */
  body?: 'json' | 'upload';
  /** The methods the path allows (its 405 names them). */
  allowed: string[];
  /** The path names a job or upload link. */
  id?: boolean;
}

const EXPORT_SEGMENTS = ['availability-records', 'location-graph', 'product-segmentation', 'event-log', 'reservations'] as const;

/** Every impex operation (30), with an id that exists nowhere. */
const ROUTES: Route[] = [
  { method: 'get', path: IMPORTS, allowed: ['GET', 'POST'] },
  { method: 'post', path: IMPORTS, body: 'json', allowed: ['GET', 'POST'] },
  { method: 'post', path: `${IMPEX}/product-segmentation/imports`, body: 'json', allowed: ['POST'] },
  ...(['availability-records', 'product-segmentation'] as const).flatMap((segment): Route[] => [
    { method: 'post', path: `${IMPEX}/${segment}/imports/uploadlink/${ID}`, body: 'upload', allowed: ['POST'], id: true },
    { method: 'get', path: `${IMPEX}/${segment}/imports/${ID}/status`, allowed: ['GET'], id: true },
    { method: 'get', path: `${IMPEX}/${segment}/imports/${ID}/file-content`, allowed: ['GET'], id: true },
    { method: 'delete', path: `${IMPEX}/${segment}/imports/${ID}`, allowed: ['DELETE'], id: true },
  ]),
  ...EXPORT_SEGMENTS.flatMap((segment): Route[] => [
    { method: 'post', path: `${IMPEX}/${segment}/exports`, body: 'json', allowed: ['POST'] },
    { method: 'get', path: `${IMPEX}/${segment}/exports/${ID}/status`, allowed: ['GET'], id: true },
    { method: 'get', path: `${IMPEX}/${segment}/exports/${ID}/file-content`, allowed: ['GET'], id: true },
    ...(segment === 'event-log' ? [] : [{ method: 'delete', path: `${IMPEX}/${segment}/exports/${ID}`, allowed: ['DELETE'], id: true } as Route]),
  ]),
];

const label = (r: Route) => `${r.method.toUpperCase()} ${r.path.replace(IMPEX, '…')}`;

function send(r: Route, headers: Record<string, string>) {
  const req = run.http[r.method](r.path).set(headers);
  if (r.body === 'json') return req.send({});
  if (r.body === 'upload') return req.attach('fileUpload', Buffer.from(ndjson({ recordId: 'x', sku: 'xx', locationId: 'surprise' })), 'f.json');
  return req;
}



describe('the request', () => {
  it('covers every impex operation', () => {
    expect(ROUTES).toHaveLength(30);
  });

  it('no token: 401 with a Bearer challenge on every route', async () => {
    for (const r of ROUTES) {
      const res = await send(r, {});
      expect(res.status, label(r)).toBe(401);
      expect(res.headers['www-authenticate'], label(r)).toMatch(/^Bearer /);
      expect(res.body, label(r)).toMatchObject({ title: 'Unauthorized' });
    }
  });

  it('a token without the impex scopes: 403 on every route', async () => {
    const token = await tokenFor(run.http, `SALESFORCE_COMMERCE_API:${TENANT} sfcc.inventory.availability sfcc.inventory.availability.rw sfcc.inventory.reservations`);
    for (const r of ROUTES) {
      const res = await send(r, { Authorization: `Bearer ${token}` });
      expect(res.status, label(r)).toBe(403);
      expect(res.body, label(r)).toMatchObject({ title: 'Forbidden' });
    }
  });

  it('a garbage or malformed Authorization header: 401', async () => {
    for (const header of ['Bearer not-a-jwt', 'Basic abc', 'Bearer']) {
      const res = await run.http.get(IMPORTS).set('Authorization', header);
      expect(res.status, header).toBe(401);
    }
  });

  it('wrong method: 405 naming the allowed ones, in the OCI body shape', async () => {
    const paths = new Map(ROUTES.map((r) => [r.path, r.allowed]));
    for (const [path, allowed] of paths) {
      const method = allowed.includes('PUT') ? 'patch' : 'put';
      const res = await run.http[method](path).set(run.auth()).send({});
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.allow, path).toBe(allowed.join(', '));
      expect(res.body, path).toMatchObject({ ...OCI_ERROR, errorCode: 'InvalidRequest' });
    }
    // The event log has no delete at all: that path is no resource.
    const del = await run.http.delete(`${IMPEX}/event-log/exports/${ID}`).set(run.auth());
    expect(del.status).toBe(404);
    expect(del.body).toMatchObject({ ...OCI_ERROR, errorCode: 'ResourceNotFound' });
  });

  it('unknown ids: 404 EntityNotFound, exactly {type, errorCode, message}', async () => {
    for (const r of ROUTES.filter((x) => x.id)) {
      const res = await send(r, run.auth());
      expect(res.status, label(r)).toBe(404);
      expect(res.body, label(r)).toEqual(NOT_FOUND);
    }
    // An id of one kind on another kind's route is unknown there too.
    const job = await run.initiate();
    for (const path of [`${IMPEX}/product-segmentation/imports/${job.importId}/status`, `${IMPEX}/availability-records/exports/${job.importId}/status`]) {
      const res = await run.http.get(path).set(run.auth());
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    }
  });

  it('malformed JSON, a JSON array and no body on every initiate route: 400 in the OCI shape', async () => {
    for (const r of ROUTES.filter((x) => x.body === 'json')) {
      const malformed = await run.http.post(r.path).set(run.auth()).set('Content-Type', 'application/json').send('{"fileName": "a.json",');
      expect(malformed.status, label(r)).toBe(400);
      expect(malformed.body, label(r)).toMatchObject(OCI_ERROR);
      expect(malformed.body.message, label(r)).toMatch(/not valid JSON/);
      if (r.path.endsWith('/location-graph/exports')) continue; // takes no body: anything that parses is fine
      for (const body of [[1], undefined]) {
        const req = run.http.post(r.path).set(run.auth());
        const res = body === undefined ? await req : await req.send(body);
        expect(res.status, `${label(r)} ${JSON.stringify(body)}`).toBe(400);
        expect(res.body).toMatchObject(OCI_ERROR);
      }
    }
  });

  const initiateCases: [string, Record<string, unknown>, string, RegExp | string][] = [
    ['fileName missing', {}, 'fileName', "The field 'fileName' is missing from the request body."],
    ['fileName a number', { fileName: 5 }, 'fileName', /fileName/],
    ['fileName too long', { fileName: 'x'.repeat(256) }, 'fileName', /at most 255/],
    ['linkDuration "abc"', { fileName: 'a.json', linkDuration: 'abc' }, 'linkDuration', 'link duration must be numeric'],
    ['linkDuration true', { fileName: 'a.json', linkDuration: true }, 'linkDuration', 'link duration must be numeric'],
    ['linkDuration 61', { fileName: 'a.json', linkDuration: 61 }, 'linkDuration', /from 1 to 60/],
    ['linkDuration 0', { fileName: 'a.json', linkDuration: 0 }, 'linkDuration', /from 1 to 60/],
    ['linkDuration 1.5', { fileName: 'a.json', linkDuration: 1.5 }, 'linkDuration', /whole number/],
    ['fileHashType MD5', { fileName: 'a.json', fileHashType: 'MD5' }, 'fileHashType', /SHA-256 or SHA-512/],
    ['fileHashType MD5 with a hash', { fileName: 'a.json', fileHashType: 'MD5', fileHash: 'ab'.repeat(16) }, 'fileHashType', /SHA-256 or SHA-512/],
    ['fileHash not hex', { fileName: 'a.json', fileHash: 'xyz' }, 'fileHash', /SHA-256/],
    ['fileHash of the wrong length for SHA-512', { fileName: 'a.json', fileHashType: 'SHA-512', fileHash: 'ab'.repeat(32) }, 'fileHash', /128 digits/],
    ['fileFormat CSV', { fileName: 'a.json', fileFormat: 'CSV' }, 'fileFormat', /JSON/],
    ['fileEncoding ZIP', { fileName: 'a.json', fileEncoding: 'ZIP' }, 'fileEncoding', /GZIP/],
  ];

  it.each(initiateCases)('initiate import, %s: 400 InvalidRequestParameter (both kinds)', async (_name, body, parameterName, message) => {
    for (const path of [IMPORTS, `${IMPEX}/product-segmentation/imports`]) {
      const res = await run.http.post(path).set(run.auth()).send(body);
      expect(res.status, path).toBe(400);
      expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequestParameter', parameterName });
      if (typeof message === 'string') expect(res.body.message).toBe(message);
      else expect(res.body.message).toMatch(message);
    }
  });

  const exportCases: [string, string, unknown, Record<string, unknown>][] = [
    ['availability: objects missing', 'availability-records', {}, { errorCode: 'InvalidRequestParameter', parameterName: 'objects' }],
    ['availability: objects a string', 'availability-records', { objects: 'x' }, { errorCode: 'InvalidRequestParameter', parameterName: 'objects' }],
    ['availability: objects an array', 'availability-records', { objects: ['arizona'] }, { errorCode: 'InvalidRequestParameter', parameterName: 'objects' }],
    ['availability: objects empty', 'availability-records', { objects: {} }, { errorCode: 'LocationListMustNotBeEmpty' }],
    ['availability: groups a string', 'availability-records', { objects: { groups: 'arizona' } }, { errorCode: 'InvalidRequestParameter', parameterName: 'groups' }],
    ['availability: groups of numbers', 'availability-records', { objects: { groups: [1] } }, { errorCode: 'InvalidRequestParameter', parameterName: 'groups' }],
    ['availability: both places', 'availability-records', { objects: { groups: ['arizona'], locations: ['surprise'] } }, { errorCode: 'InvalidRequestParameter', message: 'Locations and Groups not allowed in the same request.' }],
    ['availability: unknown location', 'availability-records', { objects: { locations: ['surprise', 'atlantis'] } }, { errorCode: 'LocationDoesNotExist', location: 'atlantis' }],
    ['availability: unknown group', 'availability-records', { objects: { groups: ['Atlantis'] } }, { errorCode: 'GroupDoesNotExist', group: 'Atlantis' }],
    ['segmentation: groups missing', 'product-segmentation', {}, { errorCode: 'InvalidRequestParameter', parameterName: 'groups' }],
    ['segmentation: groups a string', 'product-segmentation', { groups: '*' }, { errorCode: 'InvalidRequestParameter', parameterName: 'groups' }],
    ['segmentation: unknown group', 'product-segmentation', { groups: ['arizona', 'nope'] }, { errorCode: 'InvalidRequestParameter', message: 'Invalid Group Id Provided.' }],
    ['event log: sku missing', 'event-log', { startsOn: '2026-03-01T00:00:00Z' }, { errorCode: 'InvalidRequestParameter', message: "'sku' Invalid characters in sku: null" }],
    ['event log: bad sku', 'event-log', { sku: 'a b', startsOn: '2026-03-01T00:00:00Z' }, { errorCode: 'InvalidRequestParameter', message: "'sku' Invalid characters in sku: a b" }],
    ['event log: startsOn missing', 'event-log', { sku: 'sku123' }, { errorCode: 'InvalidRequestParameter', parameterName: 'startsOn' }],
    ['event log: startsOn not a date', 'event-log', { sku: 'sku123', startsOn: 'yesterday' }, { errorCode: 'InvalidRequestParameter', parameterName: 'startsOn' }],
    ['event log: endsOn before startsOn', 'event-log', { sku: 'sku123', startsOn: '2026-03-01T00:00:00Z', endsOn: '2026-02-01T00:00:00Z' }, { parameterName: 'endsOn' }],
    ['event log: more than 30 days', 'event-log', { sku: 'sku123', startsOn: '2026-01-01T00:00:00Z', endsOn: '2026-03-01T00:00:00Z' }, { parameterName: 'endsOn' }],
    ['event log: 11 places', 'event-log', { sku: 'sku123', startsOn: '2026-03-01T00:00:00Z', locations: Array.from({ length: 11 }, (_, i) => `l${i}`) }, { errorCode: 'LocationListTooLarge' }],
    ['event log: unknown location', 'event-log', { sku: 'sku123', startsOn: '2026-03-01T00:00:00Z', locations: ['atlantis'] }, { errorCode: 'LocationDoesNotExist', location: 'atlantis' }],
    ['reservations: status missing', 'reservations', { fromDate: '2026-03-01T00:00:00Z' }, { parameterName: 'status' }],
    ['reservations: status OPEN', 'reservations', { status: 'OPEN', fromDate: '2026-03-01T00:00:00Z' }, { parameterName: 'status' }],
    ['reservations: fromDate missing', 'reservations', { status: 'open' }, { parameterName: 'fromDate' }],
    ['reservations: toDate before fromDate', 'reservations', { status: 'closed', fromDate: '2026-03-01T00:00:00Z', toDate: '2026-02-01T00:00:00Z' }, { parameterName: 'toDate' }],
  ];

  it.each(exportCases)('initiate export, %s: 400', async (_name, segment, body, expected) => {
    const res = await run.http.post(`${IMPEX}/${segment}/exports`).set(run.auth()).send(body as object);
    expect(res.status, res.text).toBe(400);
    expect(res.body).toMatchObject({ ...OCI_ERROR, ...expected });
  });

  it('list ?available=maybe: 400 InvalidRequestParameter', async () => {
    const res = await run.http.get(`${IMPORTS}?available=maybe`).set(run.auth());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequestParameter', parameterName: 'available' });
  });
});


describe('an expired token', () => {
  it('401 on every route once the clock has moved 31 minutes', async () => {
    await run.emulator.clock.advance(31 * 60_000);
    for (const r of ROUTES) {
      const res = await send(r, run.auth());
      expect(res.status, label(r)).toBe(401);
      expect(res.headers['www-authenticate'], label(r)).toMatch(/invalid_token/);
    }
    await refreshToken(run);
    expect((await run.http.get(IMPORTS).set(run.auth())).status).toBe(200);
  });
});
