import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Emulator } from '../../emulator/index.js';
import { parseImportRequest } from '../../emulator/oci/impex/imports/requests.js';
import type { ExportJob, ImportJob } from '../../emulator/oci/impex/jobs/model.js';
import type { StateParams, StateSetup, StateValues } from './verify-provider.js';

// Most provider states are "the fixture world, plus something": every interaction starts from a reset, so one
// verification cannot leak changes (a batch-update, a minted token) into the next, whatever the order.

/**
 * A state that resets the emulator to its fixture world and then runs `then`, which may change more through
 * the emulator's own services and return values for the pact's `fromProviderState` expressions.
 */
export function fromFixtureWorld(emulator: Emulator, then?: (params: StateParams) => StateValues | void): StateSetup {
  return (params) => {
    emulator.control.resetAll();
    return then?.(params);
  };
}

/**
 * Throws when the fixture no longer gives what a state's name promises, so verification stops at the cause
 * instead of failing an interaction somewhere downstream.
 */
export function expectFixture(condition: boolean, promise: string): asserts condition {
  if (!condition) throw new Error(`the fixture world drifted: it no longer gives ${promise}`);
}

// Impex states run jobs (imports, exports) on the emulator's queue. A state built on them waits for those jobs
// twice: before the reset, so a job an earlier interaction started (an upload the verifier just sent) cannot write
// into the fresh world, and after `then`, so the state is complete, not merely queued, when the request comes.

/** Resolves once every job due on the (frozen) clock has run and the impex queue is empty. */
export async function settleJobs(emulator: Emulator): Promise<void> {
  await emulator.clock.settle();
  await emulator.services.oci?.domain.jobs.idle();
}

/** `fromFixtureWorld` for states that start impex jobs: `then` may be async, and its jobs finish before the state is answered. */
export function fromSettledFixtureWorld(emulator: Emulator, then?: (params: StateParams) => Promise<StateValues | void> | StateValues | void): StateSetup {
  return async (params) => {
    await settleJobs(emulator);
    emulator.control.resetAll();
    const values = await then?.(params);
    await settleJobs(emulator);
    return values;
  };
}

/** The impex part of the OCI domain, or a clear failure when the emulator was built without OCI. */
function ociDomain(emulator: Emulator) {
  const oci = emulator.services.oci?.domain;
  if (!oci) throw new Error('the emulator has no OCI party');
  return oci;
}

/** A state parameter given as text, or the fallback. */
export function textParam(params: StateParams, name: string, fallback: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : fallback;
}

/** `count` clean records of the demo SKUs at WH-EAST, as a state's import file. */
export function cleanImportFile(count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const sku = `SKU-${String(i + 1).padStart(4, '0')}`;
    return `${JSON.stringify({ recordId: `state-import-${i + 1}`, sku, locationId: 'WH-EAST', onHand: 10 + i })}\n`;
  }).join('');
}

/**
 * An availability import waiting for its file, made by the service the initiate route calls, from a body the
 * route would accept (so a state can never hold an import a client could not have asked for).
 */
export function openAvailabilityImport(emulator: Emulator, tenantGroupId: string, body: { fileName: string; linkDuration?: number }): ImportJob {
  return ociDomain(emulator).imports.create(tenantGroupId, 'availability', 'impex', parseImportRequest(body));
}

/**
 * Puts a file on an open import's upload link through the same service the upload route hands the multipart part
 * to, then lets the import run to its end. Resolves to the finished job.
 */
export async function uploadToImport(emulator: Emulator, tenantGroupId: string, job: ImportJob, ndjson: string): Promise<ImportJob> {
  const { imports } = ociDomain(emulator);
  const bytes = Buffer.from(ndjson, 'utf8');
  await imports.receive(tenantGroupId, imports.uploadTarget(tenantGroupId, job.kind, job.uploadLinkId), async () => {
    await writeFile(imports.uploadPath(tenantGroupId, job), bytes);
    return { part: 'fileUpload', bytes: bytes.length, hash: createHash(imports.hashAlgorithm(job)).update(bytes).digest('hex'), gzipped: false };
  });
  await settleJobs(emulator);
  return imports.status(tenantGroupId, job.id, job.kind);
}

/** An availability export of the given places, initiated through the export service and run to its end. */
export async function completedAvailabilityExport(emulator: Emulator, tenantGroupId: string, objects: { groups: string[] } | { locations: string[] }): Promise<ExportJob> {
  const { exports } = ociDomain(emulator);
  const job = exports.initiate(tenantGroupId, 'availability', { objects });
  await settleJobs(emulator);
  return exports.status(tenantGroupId, 'availability', job.id);
}
