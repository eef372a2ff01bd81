import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FastLane, laneErrors, type LaneHandler } from '../../emulator/core/http/fast-lane.js';

// The lane on its own, in front of a small Express app that has the same routes (as the emulator's do): what it
// claims, what it leaves to Express, and how its errors reach Express's error handler.

const lane = new FastLane();
let server: Server;
let http: ReturnType<typeof supertest>;
const entered: string[] = [];

const hello: LaneHandler = (req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ by: res.locals.by, params: req.params, url: req.originalUrl }));
};
const throws: LaneHandler = () => {
  throw Object.assign(new Error('refused'), { status: 409 });
};
const passes: LaneHandler = (_req, _res, next) => next(Object.assign(new Error('passed on'), { status: 422 }));
const later: LaneHandler = (_req, _res, next) => setImmediate(() => next(Object.assign(new Error('later'), { status: 400 })));
const runsOff: LaneHandler = (_req, _res, next) => next();
const nullIsNoError: LaneHandler = (_req, _res, next) => next(null);

beforeAll(async () => {
  const app = express();
  app.use(laneErrors);
  const enter = (req: Request, res: Response) => {
    entered.push(`${req.method} ${req.url}`);
    res.locals.by ??= 'lane';
  };
  app.use((req, res, next) => {
    res.locals.by ??= 'express';
    enter(req, res);
    next();
  });
  const routes: [string, string, LaneHandler[]][] = [
    ['PUT', '/items/:org/docs/:id', [hello]],
    ['PUT', '/items/:org/null/:id', [nullIsNoError, hello]],
    ['POST', '/items/:org/throw', [throws]],
    ['POST', '/items/:org/next-error', [passes]],
    ['POST', '/items/:org/later', [later]],
    ['POST', '/items/:org/runs-off', [runsOff]],
  ];
  for (const [method, path, handlers] of routes) {
    (app[method.toLowerCase() as 'put' | 'post'] as (path: string, ...h: LaneHandler[]) => void)(path, ...handlers);
    lane.add(method, path, handlers);
  }
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found', by: res.locals.by });
  });
  const renderer: ErrorRequestHandler = (err: Error & { status?: number }, _req, res, _next) => {
    res.status(err.status ?? 500).json({ error: err.message, by: res.locals.by });
  };
  app.use(renderer);
  lane.attach({ enter, express: app });
  server = createServer((req, res) => {
    if (!lane.serve(req, res)) app(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  http = supertest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

/** A request as a hand-built client sends it (fetch and supertest strip fragments). */
function rawPut(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
      socket.end(`PUT ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

describe('the fast lane', () => {
  it('serves an exact match itself, with decoded params and the query left on the URL', async () => {
    const before = { ...lane.counts };
    const res = await http.put('/items/tg-1/docs/a%20b%2Fc?x=1').send();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ by: 'lane', params: { org: 'tg-1', id: 'a b/c' }, url: '/items/tg-1/docs/a%20b%2Fc?x=1' });
    expect(lane.counts.served).toBe(before.served + 1);
    expect(entered.at(-1)).toBe('PUT /items/tg-1/docs/a%20b%2Fc?x=1');
  });

  it.each([
    ['another method', 'post', '/items/tg-1/docs/1', 404],
    ['a trailing slash', 'put', '/items/tg-1/docs/1/', 200],
    ['another case', 'put', '/ITEMS/tg-1/docs/1', 200],
    ['an empty parameter', 'put', '/items//docs/1', 404],
    ['a longer path', 'put', '/items/tg-1/docs/1/more', 404],
    ['a malformed escape', 'put', '/items/tg-1/docs/%E0%A4%A', 400],
  ] as const)('leaves %s to Express', async (_what, method, path, status) => {
    const before = lane.counts.served;
    const res = await http[method](path).send();
    expect(res.status).toBe(status);
    expect(res.body.by).toBe('express');
    expect(lane.counts.served).toBe(before);
  });

  it('leaves a URL Express reads with url.parse to Express (a fragment is not part of the path)', async () => {
    const before = lane.counts.served;
    const answer = await rawPut('/items/tg-1/docs/abc#frag');
    expect(answer).toMatch(/^HTTP\/1.1 200/);
    expect(answer).toContain('"by":"express"');
    expect(answer).toContain('"id":"abc"');
    expect(lane.counts.served).toBe(before);
  });

  it('takes next(null) as no error, as Express does', async () => {
    const res = await http.put('/items/tg-1/null/7').send();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ by: 'lane', params: { org: 'tg-1', id: '7' } });
  });

  it.each([
    ['a thrown error', '/items/tg-1/throw', 409, 'refused'],
    ['an error passed to next', '/items/tg-1/next-error', 422, 'passed on'],
    ['an error passed to next later', '/items/tg-1/later', 400, 'later'],
    ['a chain that runs off its end', '/items/tg-1/runs-off', 404, 'No resource matches POST /items/tg-1/runs-off'],
  ])('hands %s to the Express error handler, after entering the front door once', async (_what, path, status, message) => {
    const before = { ...lane.counts };
    const enteredBefore = entered.length;
    const res = await http.post(path).send();
    expect(res.status).toBe(status);
    expect(res.body.by).toBe('lane');
    expect(res.body.error).toBe(message);
    expect(lane.counts).toEqual({ served: before.served + 1, handedOff: before.handedOff + 1 });
    expect(entered.length).toBe(enteredBefore + 1);
  });
});
