import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_NAMES, STEPS } from '../../emulator/sequence/steps.js';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, type Running } from '../helpers/emulator.js';

// The sequence page is read by CI gates (check-sequence): a typo in a step name or a query it cannot answer must
// fail loudly in the control dialect, never answer a report that passes. The admin token guards it like the rest
// of the control plane.

const PAGE = '/__emulator/sequence';
const LEAK = /<html|<pre>|\bat \S+ \(|\.[cm]?[jt]s:\d+|node_modules|TypeError|RangeError/i;

/** The control dialect exactly: {error, message, details?}, JSON, nothing internal. */
function expectControlError(res: Response, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).filter((k) => !['error', 'message', 'details'].includes(k))).toEqual([]);
  expect(res.body).toMatchObject({ error: code, message: expect.stringMatching(/\S/) });
  expect(res.text).not.toMatch(LEAK);
}

describe('the report page refuses what it cannot answer', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startEmulator();
  });
  afterAll(() => run.close());

  it.each([
    ['expect=nope', ['nope']],
    ['expect=trust.requested,nope', ['nope']],
    ['expect=trust.requested&expect=Trust.Allowed', ['Trust.Allowed']],
    ['through=nope', ['nope']],
    ['through=__proto__', ['__proto__']],
    ['expect=constructor&through=toString', ['toString', 'constructor']],
  ])('?%s → 400 UNKNOWN_STEP naming the unknown and listing the known steps', async (query, unknown) => {
    const res = await run.http.get(`${PAGE}?${query}`);
    expectControlError(res, 400, 'UNKNOWN_STEP');
    expect(res.body.details).toEqual({ unknown, known: [...STEP_NAMES] });
    for (const name of [...unknown, ...STEP_NAMES]) expect(res.body.message).toContain(name);
  });

  it.each(['nope', '__proto__', 'ZZZZ_001'])('?instance=%s → 404 UNKNOWN_INSTANCE naming the known instances', async (instance) => {
    const res = await run.http.get(PAGE).query({ instance });
    expectControlError(res, 404, 'UNKNOWN_INSTANCE');
    expect(res.body.message).toContain(DEMO.b2c.instanceId);
  });

  it.each([
    ['format=xml', /format/],
    ['format=json&format=text', /format/],
    ['instance=a&instance=b', /instance must be given once/],
    ['through=trust.allowed&through=trust.requested', /through must be given once/],
    ['expect=', /expect names no step/],
    ['expect=,%20,', /expect names no step/],
    ['instance=', /instance is empty/],
  ])('?%s → 400', async (query, message) => {
    const res = await run.http.get(`${PAGE}?${query}`);
    expectControlError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.message).toMatch(message);
  });

  it.each([PAGE, `${PAGE}/steps`])('%s answers only GET: 405 with Allow', async (path) => {
    for (const method of ['post', 'put', 'delete', 'patch'] as const) {
      const res = await run.http[method](path).send({});
      expectControlError(res, 405, res.body.error);
      expect(res.headers.allow, `${method} ${path}`).toBe('GET');
    }
  });

  it('the text format answers the same refusals as JSON (a CI gate reading text still fails)', async () => {
    expectControlError(await run.http.get(`${PAGE}?format=text&expect=nope`), 400, 'UNKNOWN_STEP');
    expectControlError(await run.http.get(`${PAGE}?format=text&instance=nope`), 404, 'UNKNOWN_INSTANCE');
  });

  it('GET /__emulator/sequence/steps lists all 14 steps in order, each with what it needs first', async () => {
    const res = await run.http.get(`${PAGE}/steps`);
    expect(res.status).toBe(200);
    expect(res.body.steps).toHaveLength(14);
    expect(res.body.steps.map((s: { name: string }) => s.name)).toEqual([...STEP_NAMES]);
    for (const [i, step] of (res.body.steps as { name: string; after: string[]; scope: string; where: string }[]).entries()) {
      expect(step.after).toEqual([...STEPS[i]!.after]);
      expect(step.where).toMatch(/\S/);
      // A step needs only steps the guide lists before it: the catalogue has no cycle and no forward reference.
      for (const before of step.after) expect(STEP_NAMES.indexOf(before as never), `${step.name} after ${before}`).toBeLessThan(i);
    }
  });
});

describe('with an admin token', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startEmulator({ adminToken: 'x' });
  });
  afterAll(() => run.close());

  it.each([PAGE, `${PAGE}/steps`, `${PAGE}?format=text`])('%s is refused without the token and served with it', async (path) => {
    const without = await run.http.get(path);
    expect([401, 403]).toContain(without.status);
    expectControlError(without, without.status, without.body.error);
    expect(without.text).not.toContain('zzzz_001');
    expect([401, 403]).toContain((await run.http.get(path).set('X-Emulator-Admin-Token', 'wrong')).status);
    expect((await run.http.get(path).set('X-Emulator-Admin-Token', 'x')).status).toBe(200);
    expect((await run.http.get(path).set('Authorization', 'Bearer x')).status).toBe(200);
  });

  it('a bad query is not answered before the token is checked (no step catalogue to strangers)', async () => {
    const res = await run.http.get(`${PAGE}?expect=nope`);
    expect([401, 403]).toContain(res.status);
    expect(res.text).not.toContain('trust.requested');
    expectControlError(await run.http.get(`${PAGE}?expect=nope`).set('X-Emulator-Admin-Token', 'x'), 400, 'UNKNOWN_STEP');
  });

  it('POST with the token is 405 with Allow: GET', async () => {
    const res = await run.http.post(PAGE).set('X-Emulator-Admin-Token', 'x').send({});
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
  });
});
