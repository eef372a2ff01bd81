import express from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppError, GenericCode } from '../../emulator/core/errors/app-error.js';
import { errorRenderer, notFoundHandler } from '../../emulator/core/errors/render.js';
import { requestContext } from '../../emulator/core/http/context.js';
import { APIS } from '../../emulator/parties.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../emulator/core/http/json-depth.js';

// The error renderer is the only thing that may answer an error: when the error cannot be rendered as it is, the
// dialect's 500 goes out, and when even that fails a fixed body. Express's own handler (HTML, stack, file paths)
// must never be reached.

function deep(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function appThrowing(thrown: () => unknown, onUnexpected: (e: unknown) => void = () => {}) {
  const app = express();
  app.use(requestContext(APIS));
  app.get('/inventory/availability/v1/boom', () => {
    throw thrown();
  });
  app.get('/dw/rest/v1/boom', () => {
    throw thrown();
  });
  app.get('/inventory/availability/v1/half', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('{"partial":');
    throw thrown();
  });
  app.use(notFoundHandler);
  app.use(errorRenderer(onUnexpected));
  return supertest(app);
}

const LEAK = /<html|<pre>|\bat \S+ \(|\.[cm]?[jt]s:\d+|node_modules|RangeError/i;

describe('the error renderer never hands an error to Express', () => {
  it('an error whose body cannot be serialised becomes the dialect’s 500', async () => {
    const http = appThrowing(() => new AppError(400, 'InvalidRequest', 'too deep to echo', { details: { echo: deep(20_000) } }));
    const res = await http.get('/inventory/availability/v1/boom');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toEqual({ type: 'about:blank', errorCode: 'Unknown', message: 'An unknown internal error has occurred' });
    expect(res.text).not.toMatch(LEAK);
  });

  it('header values Node would refuse are made safe, not thrown', async () => {
    const http = appThrowing(
      () =>
        new AppError(401, GenericCode.InvalidToken, 'bad token', {
          headers: { 'WWW-Authenticate': 'Bearer error="in\nvalid ✗"' },
          explain: 'the token said \r\nSet-Cookie: x=1 ✗',
        }),
    );
    const res = await http.get('/dw/rest/v1/boom');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="in?valid ?"');
    expect(res.headers['x-emulator-explain']).toBe('the token said ??Set-Cookie: x=1 ?');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body.errors[0].code).toBe('InvalidTokenException');
  });

  it.each([
    ['a string', () => 'oops'],
    ['a RangeError', () => new RangeError('Maximum call stack size exceeded')],
    ['an object with a non-numeric status', () => ({ status: 'teapot', message: { not: 'a string' } })],
    ['a library 5xx', () => Object.assign(new Error('upstream'), { status: 503, expose: false })],
  ])('%s thrown → 500 in the dialect, reported once', async (_label, thrown) => {
    const reported: unknown[] = [];
    const res = await appThrowing(thrown, (e) => reported.push(e)).get('/dw/rest/v1/boom');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ errors: [{ message: 'An unknown internal error has occurred', code: 'InternalServerErrorException', fieldErrors: null }] });
    expect(reported).toHaveLength(1);
  });

  it('a failing onUnexpected reporter does not turn into a second failure', async () => {
    const res = await appThrowing(
      () => new Error('boom'),
      () => {
        throw new Error('the logger is broken');
      },
    ).get('/inventory/availability/v1/boom');
    expect(res.status).toBe(500);
    expect(res.body.errorCode).toBe('Unknown');
  });

  it.each([
    [404, 'NotFoundException'],
    [405, 'HttpRequestMethodNotSupportedException'],
    [415, 'HttpMediaTypeNotSupportedException'],
    [400, 'HttpMessageNotReadableException'],
  ])('a library %i the client caused keeps its status', async (status, code) => {
    const res = await appThrowing(() => Object.assign(new Error('from a library'), { status, expose: true })).get('/dw/rest/v1/boom');
    expect(res.status).toBe(status);
    expect(res.body.errors[0].code).toBe(code);
  });

  it('after part of an answer went out, the connection ends without an HTML page appended', async () => {
    const res = await appThrowing(() => new Error('mid-answer')).get('/inventory/availability/v1/half');
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"partial":');
  });
});

describe('JSON depth', () => {
  const nested = (levels: number, open = '[', close = ']') => Buffer.from(open.repeat(levels) + close.repeat(levels));

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan(Buffer.from('{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1)))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const inString = Buffer.from(JSON.stringify({ text: '['.repeat(5000), quoted: '\\"[[[[' + '{'.repeat(3000) }));
    expect(nestsDeeperThan(inString)).toBe(false);
    expect(nestsDeeperThan(Buffer.from(JSON.stringify(['"', '['.repeat(3000)]) + '['.repeat(10)))).toBe(false);
  });

  it('counts depth, not brackets: many shallow siblings pass', () => {
    expect(nestsDeeperThan(Buffer.from(JSON.stringify(Array.from({ length: 5000 }, () => [[{}]]))))).toBe(false);
  });

  it('multi-byte text around the brackets does not confuse it', () => {
    expect(nestsDeeperThan(Buffer.from(JSON.stringify({ 'ключ': '日本語"[', deep: deep(10) }) + ' '.repeat(2000)))).toBe(false);
    expect(nestsDeeperThan(Buffer.from('["日本語",' .repeat(1001) + ']'.repeat(1001)))).toBe(true);
  });
});
