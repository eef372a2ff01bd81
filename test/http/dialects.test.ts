import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { probeApp } from './probe.js';

// Every failure a client can provoke comes back in the dialect of the API it called: never HTML, never a stack.

let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

const SCAPI = 'https://api.commercecloud.salesforce.com/documentation/error/v1/errors/';

describe('unknown routes, in each dialect', () => {
  it.each([
    ['/inventory/availability/v1/organizations/x/nothing', 404, 'application/problem+json', { type: 'about:blank', errorCode: 'ResourceNotFound' }],
    ['/s/-/dw/data/v24_5/nothing', 404, 'application/json;charset=UTF-8', { _v: '24.5', fault: { type: 'ResourcePathNotFoundException' } }],
    ['/services/data/v62.0/nothing', 404, 'application/json;charset=UTF-8', [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]],
    // SLAS answers in its own OAuth dialect (Oauth2ErrorResponse), the other shopper APIs in SCAPI's.
    ['/shopper/auth/v1/organizations/f_ecom_zzzz_001/nothing', 404, 'application/problem+json', { error: 'not_found' }],
    ['/shopper/customers/v1/organizations/f_ecom_zzzz_001/nothing', 404, 'application/problem+json', { type: `${SCAPI}not-found`, title: 'Not Found' }],
    ['/product/shopper-products/v1/nothing', 404, 'application/problem+json', { type: `${SCAPI}not-found` }],
    ['/dw/rest/v1/nothing', 404, 'application/json', { errors: [{ code: 'NoHandlerFoundException' }] }],
    ['/dwsso/oauth2/nothing', 404, 'application/json;charset=UTF-8', { error: 'not_found' }],
    ['/__emulator/nothing', 404, 'application/json; charset=utf-8', { error: 'RouteNotFound' }],
    ['/anything-else', 404, 'application/json; charset=utf-8', { error: 'RouteNotFound' }],
  ])('GET %s', async (path, status, type, body) => {
    const res = await run.http.get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe(type);
    expect(res.body).toMatchObject(body);
    expect(res.text).not.toMatch(/<html|at \w+ \(/i);
  });
});

type Expect = (res: supertest.Response) => void;

// For each dialect: [prefix, malformed JSON, 415, 413, 500, 401]
const DIALECTS: [string, string, Expect, Expect, Expect, Expect, Expect][] = [
  [
    'OCI',
    '/inventory/availability/v1',
    (r) => expect(r.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequest' }),
    (r) => expect(r.body).toMatchObject({ type: 'about:blank', errorCode: 'InvalidRequest' }),
    (r) => expect(r.body).toMatchObject({ errorCode: 'InvalidRequest' }),
    (r) => expect(r.body).toEqual({ type: 'about:blank', errorCode: 'Unknown', message: 'An unknown internal error has occurred' }),
    (r) => expect(r.body.type).toBe(`${SCAPI}unauthorized`),
  ],
  [
    'OCAPI',
    '/s/-/dw/data/v25_6',
    (r) => expect(r.body).toMatchObject({ _v: '25.6', fault: { type: 'BodyDecodingException' } }),
    (r) => expect(r.body.fault.type).toBe('UnsupportedContentTypeException'),
    (r) => expect(r.body.fault.type).toBe('RequestEntityTooLargeException'),
    (r) => expect(r.body.fault.type).toBe('InternalServerErrorException'),
    (r) => expect(r.body.fault.type).toBe('AuthorizationHeaderMissingException'),
  ],
  [
    'Salesforce REST',
    '/services/data/v62.0',
    (r) => expect(r.body[0].errorCode).toBe('JSON_PARSER_ERROR'),
    (r) => expect(r.body).toEqual([{ message: "MediaType of 'text/plain' is not supported by this resource", errorCode: 'UNSUPPORTED_MEDIA_TYPE' }]),
    (r) => expect(r.body[0].errorCode).toBe('REQUEST_ENTITY_TOO_LARGE'),
    (r) => expect(r.body[0].errorCode).toBe('UNKNOWN_EXCEPTION'),
    (r) => {
      expect(r.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      expect(r.headers['www-authenticate']).toBe('Token');
    },
  ],
  [
    'SLAS',
    '/shopper/auth/v1',
    (r) => expect(r.body).toMatchObject({ error: 'invalid_request' }),
    (r) => expect(r.body.error).toBe('invalid_request'),
    (r) => expect(r.body.error).toBe('invalid_request'),
    (r) => expect(r.body.error).toBe('server_error'),
    (r) => expect(r.body.error).toBe('unauthorized_client'),
  ],
  [
    'SCAPI',
    '/product/shopper-products/v1',
    (r) => expect(r.body).toMatchObject({ type: `${SCAPI}bad-request`, title: 'Bad Request' }),
    (r) => expect(r.body.type).toBe(`${SCAPI}unsupported-media-type`),
    (r) => expect(r.body.type).toBe(`${SCAPI}payload-too-large`),
    (r) => expect(r.body.type).toBe(`${SCAPI}internal-server-error`),
    (r) => expect(r.body.title).toBe('Unauthorized'),
  ],
  [
    'Account Manager REST',
    '/dw/rest/v1',
    (r) => expect(r.body.errors[0].code).toBe('HttpMessageNotReadableException'),
    (r) => expect(r.body.errors[0].code).toBe('HttpMediaTypeNotSupportedException'),
    (r) => expect(r.body.errors[0].code).toBe('PayloadTooLargeException'),
    (r) => expect(r.body.errors[0].code).toBe('InternalServerErrorException'),
    (r) => expect(r.body.errors[0].code).toBe('InsufficientAuthenticationException'),
  ],
  [
    'control plane',
    '/__emulator/x',
    (r) => expect(r.body.error).toBe('MalformedJson'),
    (r) => expect(r.body.error).toBe('UnsupportedMediaType'),
    (r) => expect(r.body.error).toBe('PayloadTooLarge'),
    (r) => expect(r.body).toEqual({ error: 'InternalError', message: 'An unknown internal error has occurred' }),
    (r) => expect(r.body.error).toBe('Unauthorized'),
  ],
];

describe.each(DIALECTS)('%s errors', (_name, prefix, malformed, mediaType, tooLarge, crash, unauthorized) => {
  let http: ReturnType<typeof supertest>;
  beforeAll(() => {
    http = supertest(probeApp(run.emulator, prefix, {}));
  });

  it('malformed JSON → 400', async () => {
    const res = await http.post(`${prefix}/open`).set('Content-Type', 'application/json').send('{"a": tru');
    expect(res.status).toBe(400);
    malformed(res);
  });

  it('wrong content type → 415', async () => {
    const res = await http.post(`${prefix}/open`).set('Content-Type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    mediaType(res);
  });

  it('a body over the limit → 413', async () => {
    const res = await http.post(`${prefix}/open`).send({ pad: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    tooLarge(res);
  });

  it('an unexpected exception → 500 without its message or a stack', async () => {
    const res = await http.get(`${prefix}/boom`);
    expect(res.status).toBe(500);
    expect(res.text).not.toMatch(/secret internal detail|at \w+/);
    crash(res);
  });

  it('a protected route without a token → 401', async () => {
    const res = await http.post(`${prefix}/organizations/x/probe`);
    expect(res.status).toBe(401);
    if (!prefix.startsWith('/__emulator')) expect(res.headers['www-authenticate']).toMatch(/^(Bearer realm=|Token$)/);
    unauthorized(res);
  });
});

describe('the real app', () => {
  it('a body over the limit on a real JSON route → 413 in that API’s dialect, and the emulator keeps serving', async () => {
    const res = await run.http.post('/__emulator/snapshots').send({ name: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('PayloadTooLarge');
    expect((await run.http.get('/__emulator/health')).status).toBe(200);
  });

  it('every response carries a Correlation-ID, echoing the caller’s', async () => {
    const res = await run.http.get('/__emulator/health').set('Correlation-ID', 'abc-123');
    expect(res.headers['correlation-id']).toBe('abc-123');
    const generated = await run.http.get('/__emulator/health');
    expect(generated.headers['correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
