import { createHash } from 'node:crypto';
import type { VirtualClock } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors/app-error.js';
import { own } from '../../core/objects.js';
import type { Journal } from '../../core/journal.js';
import type { PublishResult } from '../../oci/places/graph.js';
import type { Services } from '../../party.js';
import type { GraphUpload } from '../model.js';
import type { SalesforceRepository } from '../repository.js';
import { publishedGraph } from './published-graph.js';

// Location-graph publishing (`…/commerce/oci/location-graph/uploads`): the request snapshots the org's graph,
// then the upload moves PENDING → IN_PROGRESS → COMPLETED (or FAILED) on the virtual clock and, on completion,
// hands the graph to OCI. Uploads live in the org's namespace with the time of their next step, so timers are
// re-armed after a restart or a store replace, and a status read catches up any step whose time has passed.

const DURATION_MS = { fast: 2_000, realistic: 60_000 } as const;
/** Share of the duration an upload spends PENDING before it starts. */
const PENDING_SHARE = 0.25;

export interface PublishOutput {
  errors: { errorCode: string; message: string }[];
  success: boolean;
  uploadId: string;
}

export class GraphPublishService {
  readonly #repo: SalesforceRepository;
  readonly #clock: VirtualClock;
  readonly #journal: Journal;
  readonly #services: Services;
  readonly #durationMs: number;
  readonly #onUnexpected: (error: unknown) => void;

  constructor(deps: {
    repo: SalesforceRepository;
    clock: VirtualClock;
    journal: Journal;
    services: Services;
    profile: keyof typeof DURATION_MS;
    onUnexpected: (error: unknown) => void;
  }) {
    this.#repo = deps.repo;
    this.#clock = deps.clock;
    this.#journal = deps.journal;
    this.#services = deps.services;
    this.#durationMs = DURATION_MS[deps.profile];
    this.#onUnexpected = deps.onUnexpected;
  }

  request(orgId: string, username: string): PublishOutput {
    const org = this.#repo.org(orgId);
    const tenantGroup = org ? this.#repo.tenantGroup(org.tenantGroupId) : undefined;
    if (!tenantGroup?.provisioned) {
      throw new AppError(403, 'FUNCTIONALITY_NOT_ENABLED', 'Omnichannel Inventory is not enabled for this org.', {
        explain: `org ${orgId} has no provisioned tenant group`,
      });
    }
    const state = this.#repo.orgState(orgId);
    const snapshot = publishedGraph(state);
    const uploadId = uploadIdFor(orgId, state.nextId++);
    const upload: GraphUpload = {
      uploadId,
      tenantGroupId: tenantGroup.id,
      status: 'PENDING',
      nextTransitionAt: this.#clock.now() + Math.round(this.#durationMs * PENDING_SHARE),
      requestedAt: this.#clock.iso(),
      requestedBy: username,
      startTimeUTC: null,
      endTimeUTC: null,
      graph: snapshot.graph,
      problems: snapshot.problems,
      recordsReadCount: snapshot.recordsRead,
      recordsProcessedCount: snapshot.recordsProcessed,
      validationErrors: [],
    };
    state.uploads[uploadId] = upload;
    this.#repo.touchOrg(orgId);
    this.#journal.emit({
      type: 'oci.location-graph.upload.requested',
      tenant: tenantGroup.id,
      data: { orgId, uploadId, locations: snapshot.graph.locations.length, groups: snapshot.graph.groups.length, problems: snapshot.problems },
    });
    this.#arm(orgId, upload);
    return { errors: [], success: true, uploadId };
  }

  status(orgId: string, uploadId: string) {
    const uploads = this.#repo.existingOrgState(orgId)?.uploads;
    const upload = uploads && own(uploads, uploadId);
    if (!upload) {
      throw new AppError(404, 'NOT_FOUND', 'The requested resource does not exist', { explain: `no location-graph upload ${uploadId} in org ${orgId}` });
    }
    this.#catchUp(orgId, upload);
    const done = upload.status === 'COMPLETED' || upload.status === 'FAILED';
    return {
      endTimeUTC: upload.endTimeUTC,
      errors: [],
      recordsProcessedCount: done ? upload.recordsProcessedCount : 0,
      recordsReadCount: upload.status === 'PENDING' ? 0 : upload.recordsReadCount,
      recordsSkippedCount: done ? upload.recordsReadCount - upload.recordsProcessedCount : 0,
      startTimeUTC: upload.startTimeUTC,
      status: upload.status,
      success: true,
      uploadId: upload.uploadId,
      validationErrors: upload.validationErrors,
      validationStatus: done ? (upload.status === 'COMPLETED' ? 'VALID' : 'INVALID') : 'PENDING',
    };
  }

  /** Arms the next step of every unfinished upload of every org: at start and whenever the store is replaced. */
  rearmAll(): void {
    for (const orgId of this.#repo.orgIds()) {
      for (const upload of Object.values(this.#repo.existingOrgState(orgId)?.uploads ?? {})) this.#arm(orgId, upload);
    }
  }

  #arm(orgId: string, upload: GraphUpload): void {
    if (upload.nextTransitionAt === null) return;
    const { uploadId } = upload;
    this.#clock.schedule(upload.nextTransitionAt, 'salesforce-org location-graph upload', () => this.#onDue(orgId, uploadId), `${upload.tenantGroupId}:graph-upload:${uploadId}`);
  }

  #onDue(orgId: string, uploadId: string): void {
    // Read afresh: the store may have been replaced since the job was armed.
    const uploads = this.#repo.existingOrgState(orgId)?.uploads;
    const upload = uploads && own(uploads, uploadId);
    if (!upload) return;
    this.#catchUp(orgId, upload);
    this.#arm(orgId, upload);
  }

  #catchUp(orgId: string, upload: GraphUpload): void {
    let moved = false;
    while (upload.nextTransitionAt !== null && upload.nextTransitionAt <= this.#clock.now()) {
      this.#step(orgId, upload, upload.nextTransitionAt);
      moved = true;
    }
    if (moved) this.#repo.touchOrg(orgId);
  }

  #step(orgId: string, upload: GraphUpload, at: number): void {
    if (upload.status === 'PENDING') {
      upload.status = 'IN_PROGRESS';
      upload.startTimeUTC = new Date(at).toISOString();
      upload.nextTransitionAt = at + Math.round(this.#durationMs * (1 - PENDING_SHARE));
      return;
    }
    upload.nextTransitionAt = null;
    upload.endTimeUTC = new Date(at).toISOString();
    const outcome = upload.problems.length > 0 ? { refusal: upload.problems } : this.#publish(upload);
    const tenant = upload.tenantGroupId;
    if ('refusal' in outcome) {
      upload.status = 'FAILED';
      upload.validationErrors = outcome.refusal;
      this.#journal.emit({ type: 'oci.location-graph.upload.failed', tenant, data: { orgId, uploadId: upload.uploadId, errors: outcome.refusal } });
      return;
    }
    upload.status = 'COMPLETED';
    this.#journal.emit({ type: 'oci.location-graph.published', tenant, data: { orgId, uploadId: upload.uploadId, ...outcome.result, graph: upload.graph } });
  }

  /** Hands the graph to OCI: its result, or its refusal in words. */
  #publish(upload: GraphUpload): { result: PublishResult } | { refusal: string[] } {
    const oci = this.#services.oci;
    if (!oci) return { refusal: ['Omnichannel Inventory is not available: the emulator runs without its OCI party.'] };
    try {
      return { result: oci.publishGraph(upload.tenantGroupId, upload.graph) };
    } catch (error) {
      if (isAppError(error)) return { refusal: [error.message] };
      this.#onUnexpected(error);
      return { refusal: ['Omnichannel Inventory could not apply the location graph.'] };
    }
  }
}

/** A UUID-shaped id drawn from the org and its counter, so ids never repeat across restarts. */
function uploadIdFor(orgId: string, n: number): string {
  const h = createHash('sha256').update(`${orgId}:graph-upload:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
