import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import newman, { type NewmanRunExecution, type NewmanRunSummary } from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/well-known.js';
import { startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { POSTMAN, referenceAvailable } from '../helpers/reference.js';

// The public OCI Postman collection's three impex folders, run with newman against the emulator, unchanged but for
// their environment: a JWT bearer org token, the handshake PUT, then the import flow (initiate, upload the NDJSON
// as a text field, poll, result file), the list of imports, and deleting the first import.
//
// Three things stand between the collection and an offline emulator, and the runner's request agents bridge them:
// - Each folder first calls postman-echo.com only to clear variables: that connection goes to the emulator.
// - "Get and Delete Import Jobs" posts its token request to a hard-coded https://login.salesforce.com. Its HTTPS agent
//   hands postman-request a plain TCP socket to the emulator instead of a TLS one, and the run is `insecure`.
//   postman-request checks nothing TLS-specific on the socket except, under strictSSL, `socket.authorized` once the
//   response arrives: a plain socket fails that ("SSL Error: undefined") and passes with strictSSL off, which is
//   all `insecure` changes. A local TLS hop would need a certificate, which Node cannot mint without a library or
//   the openssl binary, and would verify nothing about the emulator; every other request of these folders is
//   plain HTTP, so `insecure` relaxes nothing else.
// - The status step polls once: when the import is not yet COMPLETED it retries by `setNextRequest` to a request
//   name the collection does not have, which ends the run. The import runs in the background as soon as the upload
//   is answered (fast profile), so before each connection the agents let the emulator finish its due jobs. That
//   stands in for the seconds a person clicking through Postman leaves OCI between requests.

const DIR = POSTMAN;
const COLLECTION = resolve(DIR, 'OCI-PLC-Collection.postman_collection.json');
const present = referenceAvailable(COLLECTION);

const KEY = fileURLToPath(new URL('../../fixtures/keys/demo-connected-app.key', import.meta.url));
const ORG = DEMO.salesforce;
const API = '/services/data/v58.0';
const UPLOAD_FOLDER = 'Upload Inventory (Happy Path)';
/** Hosts the collection names literally; the emulator answers for them. */
const LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

let run: Running;
beforeAll(async () => {
  run = await startEmulator();
  if (present) await createWarehouse01();
});
afterAll(() => run?.close());

/**
 * The collection's NDJSON stocks `Warehouse01`, which the demo world lacks. An org admin adds it as OCI expects:
 * a Location synced with OCI, then a location-graph publish, which completes on the virtual clock.
 */
async function createWarehouse01(): Promise<void> {
  const login = await run.http.post('/services/oauth2/token').type('form').send({
    grant_type: 'password',
    client_id: ORG.connectedApp.consumerKey,
    client_secret: ORG.connectedApp.consumerSecret,
    username: ORG.users.admin.username,
    password: ORG.users.admin.password,
  });
  if (login.status !== 200) throw new Error(`admin login: ${login.status} ${login.text}`);
  const bearer = `Bearer ${login.body.access_token as string}`;
  const location = await run.http
    .post(`${API}/sobjects/Location`)
    .set('Authorization', bearer)
    .send({ Name: 'Warehouse 01', LocationType: 'Warehouse', ExternalReference: 'Warehouse01', IsInventoryLocation: true, ShouldSyncWithOci: true });
  if (location.status !== 201) throw new Error(`create Location: ${location.status} ${location.text}`);
  const publish = await run.http.post(`${API}/commerce/oci/location-graph/uploads`).set('Authorization', bearer);
  if (publish.status !== 201) throw new Error(`publish: ${publish.status} ${publish.text}`);
  for (let i = 0; i < 20; i++) {
    const status = await run.http.get(`${API}/commerce/oci/location-graph/uploads/${publish.body.uploadId as string}`).set('Authorization', bearer);
    if (status.body.status === 'COMPLETED') return;
    if (status.status !== 200 || status.body.status === 'FAILED') throw new Error(`publish status: ${status.status} ${status.text}`);
    await run.emulator.clock.advance(500);
  }
  throw new Error('the location graph publish did not complete');
}

/** A JWT bearer assertion as the course has partners make one: the admin, for the demo connected app, expiring
 * within the 3 minutes Salesforce documents for the flow. */
async function assertion(): Promise<string> {
  const now = run.emulator.clock.epochSeconds();
  return new SignJWT({ iss: ORG.connectedApp.consumerKey, sub: ORG.users.admin.username, aud: 'https://login.salesforce.com', exp: now + 180 })
    .setProtectedHeader({ alg: 'RS256' })
    .sign(createPrivateKey(readFileSync(KEY)));
}

async function environment() {
  const shipped = JSON.parse(readFileSync(resolve(DIR, 'OCI-PLC-Environment.postman_environment.json'), 'utf8')) as { values: { key: string; value: string }[] };
  const values: Record<string, string> = {
    ...Object.fromEntries(shipped.values.map((v) => [v.key, v.value])),
    host: run.url,
    tenantId: ORG.tenantGroupId,
    orgLoginUrl: run.url,
    JWT: await assertion(),
    importsUploadLinkPostBody: readFileSync(resolve(DIR, 'locationInventoryImportMultiItemCapricorn.json'), 'utf8'),
  };
  return { name: 'oci-b2c-emulator', values: Object.entries(values).map(([key, value]) => ({ key, value, enabled: true })) };
}

type Connected = (err: Error | null, socket: Duplex) => void;

/** Lets the emulator run the background jobs already due (an uploaded import), then connects to it. */
function connectWhenSettled(callback: Connected): void {
  const port = Number(new URL(run.url).port);
  const oci = run.emulator.services.oci;
  void run.emulator.clock
    .settle()
    .then(() => oci?.domain.jobs.idle())
    .then(
      () => {
        const socket = connect({ host: '127.0.0.1', port });
        callback(null, socket);
      },
      (error: Error) => callback(error, undefined as unknown as Duplex),
    );
}

class ToEmulatorHttp extends HttpAgent {
  override createConnection(_options: ClientRequestArgs, callback: Connected): Duplex | null | undefined {
    connectWhenSettled(callback);
    return undefined;
  }
}

class ToEmulatorHttps extends HttpsAgent {
  override createConnection(options: ClientRequestArgs, callback: Connected): Duplex | null | undefined {
    if (!LOGIN_HOSTS.has(String(options.host))) return super.createConnection(options, callback);
    connectWhenSettled(callback);
    return undefined;
  }
}

async function runFolder(folder: string): Promise<NewmanRunSummary> {
  const env = await environment();
  return new Promise((done, fail) => {
    newman.run(
      {
        collection: COLLECTION,
        environment: env,
        folder,
        reporters: [],
        timeoutRequest: 5_000,
        insecure: true,
        requestAgents: { http: new ToEmulatorHttp(), https: new ToEmulatorHttps() },
      },
      (error, summary) => (error ? fail(error) : done(summary)),
    );
  });
}

const bodyOf = (e: NewmanRunExecution) => e.response?.stream?.toString() ?? '';

function verdict(summary: NewmanRunSummary) {
  const executions = summary.run.executions;
  const assertions = executions.flatMap((e) => e.assertions ?? []);
  return {
    requests: executions.map((e) => `${e.item.name}: ${e.response?.code ?? (e as { requestError?: Error }).requestError?.message}`),
    failedAssertions: assertions.filter((a) => a.error).map((a) => `${a.assertion}: ${a.error?.message}`),
    passed: assertions.filter((a) => !a.error).length,
    failures: summary.run.failures.map((f) => `${f.source?.name ?? ''} ${f.at ?? ''}: ${f.error?.message}`),
    bodies: executions.map((e) => `${e.item.name}: ${bodyOf(e).slice(0, 300)}`),
    body: (name: string) => JSON.parse(bodyOf(executions.find((e) => e.item.name === name)!)),
  };
}

const HANDSHAKE = ['1. Clear Collection Variables: 404', '2. Get Access Token: 200', '3. Authenticate into Org: 204'];

describe.runIf(present)('public OCI Postman collection: impex imports against the emulator', () => {
  const importIds: string[] = [];

  it.each([
    ['first', { recordsReadCount: 9, recordsProcessedCount: 9, recordsSkippedCount: 0 }],
    ['second', { recordsReadCount: 9, recordsProcessedCount: 0, recordsSkippedCount: 9 }],
  ])(`"${UPLOAD_FOLDER}" runs green, %s time (repeated recordIds are skipped, not failed)`, async (_, counts) => {
    const result = verdict(await runFolder(UPLOAD_FOLDER));
    expect(result.failures, result.bodies.join('\n')).toEqual([]);
    expect(result.failedAssertions).toEqual([]);
    expect(result.requests).toEqual([
      ...HANDSHAKE,
      '4. Get Inventory Import Link: 200',
      '5. Post Inventory Import File: 200',
      '6. Get Inventory Import Status: 200',
      '7. Get Inventory Import Results: 200',
    ]);
    expect(result.passed).toBe(9);
    const status = result.body('6. Get Inventory Import Status');
    expect(status).toMatchObject({ status: 'COMPLETED', validation: { status: 'Success', errors: [] }, import: counts });
    expect(result.body('7. Get Inventory Import Results')).toEqual({ status: 'COMPLETED_WITHOUT_ERRORS' });
    importIds.push(status.importId as string);
  });

  it('the imported figures are what OCI serves for Warehouse01', async () => {
    const res = await run.http
      .post(`/inventory/availability/v1/organizations/${ORG.tenantGroupId}/availability-records/actions/get-availability`)
      .set('Authorization', `Bearer ${await tokenFor(run.http)}`)
      .send({ skus: ['B-C-COFMAC-001', 'PS-INF'], locations: ['Warehouse01'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      locations: [{ id: 'Warehouse01', records: [{ sku: 'B-C-COFMAC-001', onHand: 10, safetyStockCount: 0 }, { sku: 'PS-INF', onHand: 8 }] }],
    });
  });

  it('"Get Import Jobs" runs green and lists both imports', async () => {
    const result = verdict(await runFolder('Get Import Jobs'));
    expect(result.failures, result.bodies.join('\n')).toEqual([]);
    expect(result.requests).toEqual([...HANDSHAKE, '4. Get Jobs: 200']);
    expect(result.passed).toBe(7);
    expect(result.body('4. Get Jobs')).toEqual({ imports: importIds });
  });

  it('"Get and Delete Import Jobs" runs green: its hard-coded login.salesforce.com token call reaches the emulator, the first job goes', async () => {
    const summary = await runFolder('Get and Delete Import Jobs');
    const result = verdict(summary);
    expect(result.failures, result.bodies.join('\n')).toEqual([]);
    expect(summary.run.executions[1]!.request.url.toString()).toBe('https://login.salesforce.com/services/oauth2/token');
    expect(result.requests).toEqual([...HANDSHAKE, '4. Get Jobs: 200', '5. Delete First Job in Collection: 204', '6. Get Jobs: 200']);
    expect(result.passed).toBe(11);
    const before = result.body('4. Get Jobs').imports as string[];
    const after = result.body('6. Get Jobs').imports as string[];
    expect(before).toEqual(importIds);
    const deleted = run.emulator.journal.query({ kind: 'event', type: 'oci.impex.import.deleted' }).map((e) => (e.kind === 'event' ? e.data.importId : e.path));
    expect(deleted).toEqual([importIds[0]]);
    expect(after).toEqual(importIds.slice(1));
  });
});
