import { describe, expect, it } from 'vitest';
import { answerProblem } from './checks.js';
import { report } from './report.js';
import { routeTable, runFuzz, selectRoutes } from './runner.js';

// The fuzz suite: every route of the emulator's route table, generated bad inputs, one child emulator. Strict:
// any 5xx, leaked stack or path, answer outside the route's dialect, crash or hang fails it. FUZZ_CASES and
// FUZZ_SEED change the run; FUZZ_FAMILIES (control, account-manager, salesforce-org, oci, b2c) and FUZZ_PATHS
// (template prefixes) narrow it. `npm run fuzz` runs more (see test/fuzz/cli.ts).

const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);
const FAMILIES = list(process.env.FUZZ_FAMILIES);
const PATHS = list(process.env.FUZZ_PATHS);

describe('the route table', () => {
  it('lists every route of every party, with its API family and dialect, and every fast-lane route', async () => {
    const routes = await routeTable();
    const has = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path);
    expect(has('GET', '/__emulator/health')).toMatchObject({ family: 'control', dialect: 'control' });
    expect(has('POST', '/dwsso/oauth2/access_token')).toMatchObject({ family: 'account-manager', dialect: 'oauth' });
    expect(has('PUT', '/dw/rest/v1/apiclients/:id')).toMatchObject({ family: 'account-manager', dialect: 'am-rest' });
    expect(has('POST', '/services/Soap/u/:version{/:orgId}')).toMatchObject({ family: 'salesforce-org' });
    expect(has('POST', '/inventory/impex/v1/organizations/:organizationId/availability-records/imports/uploadlink/:uploadLinkId')).toMatchObject({ family: 'oci' });
    expect(has('PUT', '/inventory/reservation/v1/organizations/:organizationId/reservation-documents/:reservationId')).toMatchObject({ family: 'oci', fastLane: true });
    expect(has('GET', '/s/-/dw/data/:version/sites')).toMatchObject({ family: 'b2c', dialect: 'ocapi' });
    expect(has('ALL', '/dw/oauth2/*rest')).toBeDefined();
    expect(routes.filter((r) => r.fastLane).length).toBeGreaterThanOrEqual(6);
    expect(new Set(routes.map((r) => r.family))).toEqual(new Set(['control', 'account-manager', 'salesforce-org', 'oci', 'b2c']));
  });
});

describe('the answer checks', () => {
  const json = (body: unknown) => Buffer.from(JSON.stringify(body));
  const problem = (path: string, status: number, type: string, body: Buffer) => answerProblem('POST', path, status, { 'content-type': type }, body);
  it.each([
    ['/inventory/availability/v1/x', 500, 'application/problem+json', json({ type: 'about:blank', errorCode: 'Unknown', message: 'x' }), /answered 500/],
    ['/dw/rest/v1/apiclients', 400, 'text/html', Buffer.from('<pre>Error: x\n    at f (/app/emulator/x.ts:1:2)</pre>'), /stack/],
    ['/s/-/dw/data/v25_6/sites', 404, 'application/json', json({ error: 'x', message: 'y' }), /not in the ocapi dialect/],
    ['/services/data/v62.0/sobjects', 400, 'application/json', json({ message: 'x', errorCode: 'y' }), /not in the salesforce-rest dialect/],
    ['/dwsso/oauth2/access_token', 400, 'application/json', json({ errors: [{ message: 'x', code: 'y' }] }), /not in the oauth dialect/],
    ['/services/Soap/u/58.0', 500, 'text/xml', Buffer.from('<soapenv:Fault><faultcode>sf:UNKNOWN_EXCEPTION</faultcode></soapenv:Fault>'), /UNKNOWN_EXCEPTION/],
    ['/inventory/impex/v1/x', 404, 'application/problem+json', json({ type: 'about:blank', errorCode: 'x', message: `no file ${process.cwd()}/state.json` }), /directory/],
  ])('refuses %s answering %i (%s)', (path, status, type, body, expected) => {
    expect(problem(path, status, type, body)).toMatch(expected);
  });
  it.each([
    ['/inventory/availability/v1/x', 400, 'application/problem+json', json({ type: 'about:blank', errorCode: 'InvalidRequest', message: 'x' })],
    ['/services/Soap/u/58.0', 500, 'text/xml', Buffer.from('<soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode></soapenv:Fault>')],
    ['/dw/rest/v1/apiclients', 401, 'application/json', json({ errors: [{ message: 'x', code: 'InvalidTokenException', fieldErrors: null }] })],
    ['/lightning/setup/OmnichannelInventory/home/extra', 404, 'application/json', json({ error: 'RouteNotFound', message: 'No resource' })],
  ])('accepts %s answering %i (%s)', (path, status, type, body) => {
    expect(problem(path, status, type, body)).toBeUndefined();
  });
});

describe('fuzzing every route', () => {
  it(`${CASES} cases (seed ${SEED}): no 5xx, no stack or path, answers in the route's dialect, no crash or hang`, { timeout: 300_000 }, async () => {
    const routes = selectRoutes(await routeTable(), { families: FAMILIES, paths: PATHS });
    const result = await runFuzz({ seed: SEED, cases: CASES, families: FAMILIES, paths: PATHS });
    console.log(report(result, SEED).split('\n').slice(0, 3).join('\n'));
    expect(result.failures.length, report(result, SEED)).toBe(0);
    expect(result.cases).toBe(CASES);
    // Every route was reached; most cases got past the guards to the routes' own checks.
    expect(Object.keys(result.msByRoute).sort()).toEqual(routes.map((g) => g.template.path).sort());
    expect((result.byStatus['2xx'] ?? 0) + (result.byStatus['4xx'] ?? 0)).toBeGreaterThan(CASES * 0.9);
  });
});
