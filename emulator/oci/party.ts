import { own } from '../core/objects.js';
import type { Party, PartyContext, PartyRuntime } from '../party.js';
import type { Availability } from './availability/arithmetic.js';
import { recordsAt } from './records/records-at.js';
import { ociDialect, ociImpexDialect } from './dialects.js';
import { OCI_JOURNALS } from './journals.js';
import { AvailabilityQuery } from './availability/query-service.js';
import { AvailabilityAnswers } from './availability/answer.js';
import { availabilityRoutes } from './availability/routes.js';
import { AvailabilityUpdates } from './availability/updates-service.js';
import { DeltaService } from './change-feed/service.js';
import { ChangeFeed } from './change-feed/feed.js';
import { changeFeedRoutes } from './change-feed/routes.js';
import { connectAvailabilityRoutes } from './connect/availability-routes.js';
import { connectUploadRoutes } from './connect/upload-routes.js';
import { ociGuard } from './guard.js';
import { handshakeRoutes } from './handshake/routes.js';
import type { OciRouteDeps } from './route-deps.js';
import { exportRoutes } from './impex/exports/routes.js';
import { ExportService } from './impex/exports/service.js';
import { scoped } from '../core/http/scoped.js';
import { ParsePool } from './impex/import-engine/parse-pool.js';
import { reservationRoutes } from './reservations/routes.js';
import { connectReservationRoutes } from './connect/reservation-routes.js';
import { reservationsExportSource } from './reservations/export-source.js';
import { ReservationService } from './reservations/service.js';
import { FileArea } from './impex/jobs/file-area.js';
import { importRoutes } from './impex/imports/routes.js';
import { ImportService } from './impex/imports/service.js';
import { JobQueue } from './impex/jobs/queue.js';
import { ImpexRepository } from './impex/jobs/repository.js';
import { RecordLedger } from './impex/imports/record-ledger.js';
import type { PublishedGraph, PublishResult } from './places/graph.js';
import { publishGraph } from './places/publish.js';
import { OciTenants } from './tenants.js';
import { memoSafetyStock, summaryOf, type TenantGroupSummary } from './summary.js';
import { adminGuard } from '../control-plane/admin-guard.js';
import { COMMERCE_REFUSALS, outageGate } from './outage/gate.js';
import { outageRoutes } from './outage/routes.js';
import { OutageService } from './outage/service.js';

// Omnichannel Inventory: per-tenant-group records, the availability API and its Connect twin, the change feed.

export interface OciDomain {
  tenants: OciTenants;
  feed: ChangeFeed;
  query: AvailabilityQuery;
  /** get-availability's answers, written from the records it keeps rendered (availability/answer.ts). */
  answers: AvailabilityAnswers;
  updates: AvailabilityUpdates;
  deltas: DeltaService;
  imports: ImportService;
  exports: ExportService;
  reservations: ReservationService;
  /** Impex jobs run here, one at a time per tenant group; `idle()` resolves when none is queued or running. */
  jobs: JobQueue;
}

/** What OCI offers the other parties. */
export interface OciServices {
  /** The OCI domain services, for parties that read or change availability (impex, reservations, B2C). */
  domain: OciDomain;
  /** Replaces the tenant group's published graph (the org's publish upload calls this when it completes). */
  publishGraph(tenantGroupId: string, graph: PublishedGraph): PublishResult;
  /** Whether the id is a location or a group of the tenant group's published graph (a B2C list pairs with it). */
  placeOf(tenantGroupId: string, id: string): 'group' | 'location' | undefined;
  /** The tenant group's places and SKUs at a glance (the world document). */
  summary(tenantGroupId: string): TenantGroupSummary;
  /** Calls `listener` whenever the tenant group's change feed grew (a get-deltas reader sleeps until then). */
  watchChanges(listener: (tenantGroupId: string) => void): () => void;
  /** How many records a place holds and whether any keeps safety stock (the OCI Integration page warns on none). */
  safetyStockAt(tenantGroupId: string, placeId: string): { records: number; anySafetyStock: boolean };
  /** What the documented-sequence checker asks: is a graph published, are there records, does any keep safety stock. */
  setupFacts(tenantGroupId: string): { places: number; records: number; anySafetyStock(): boolean };
  /** A location's or group's figures for a SKU, as get-availability computes them (undefined: no record there). */
  figures(tenantGroupId: string, placeType: 'group' | 'location', id: string, sku: string): Availability | undefined;
  /** A location record's on-hand, read from its row without building its figures (undefined: no record). */
  onHandAt(tenantGroupId: string, locationId: string, sku: string): number | undefined;
  /** The locations of a published group ([] when there is no such group). */
  groupLocations(tenantGroupId: string, groupId: string): readonly string[];
  /**
   * The location records changed after `cursor` in the tenant group's change feed (imports, batch-updates,
   * reservations…), each visited once per change; answers the feed's position after them, or undefined when the
   * feed no longer keeps what followed `cursor`. `feedHead` is the position now.
   */
  locationChangesSince(tenantGroupId: string, cursor: number, visit: (locationId: string, sku: string) => void): number | undefined;
  feedHead(tenantGroupId: string): number;
  /**
   * The injectable outage (outage/, docs/faults.md): the fault in force at the virtual clock's now, if any (of
   * overlapping windows the harshest: down, then throttle, then slow), and a listener called whenever the schedule
   * changes or a window starts or ends as the clock passes it. In-process callers (B2C's reservations) ask
   * `current()` before each call, as OCI's own routes do; it is a walk of a tiny list.
   */
  outage: {
    current(): { kind: 'down' | 'slow' | 'throttle'; delayMs?: number; retryAfterSeconds?: number; until?: number } | undefined;
    onChange(listener: () => void): () => void;
  };
}

declare module '../party.js' {
  interface Services {
    oci?: OciServices;
  }
}

/** How long an uploaded import or a requested export waits PENDING before it starts, by timing profile. */
const QUEUE_DELAY_MS = { fast: 0, realistic: 5_000 } as const;
/** How long after its expiry time a reservation is released (OCI says 10–15 s, up to a minute under load). */
const EXPIRY_LAG_MS = { fast: 2_000, realistic: 12_000 } as const;
/** Import files from this size (inflated) are parsed on worker threads; smaller ones in place. */
const PARALLEL_PARSE_BYTES = 16 * 1024 * 1024;

export const ociParty: Party = {
  name: 'oci',
  apis: [
    {
      family: 'oci',
      prefixes: [
        ['/inventory/impex/', ociImpexDialect],
        ['/inventory/', ociDialect],
      ],
    },
  ],
  journals: OCI_JOURNALS,
  build,
};

function build(ctx: PartyContext): PartyRuntime {
  const tenants = new OciTenants(ctx.store);
  const feed = new ChangeFeed(ctx.store, ctx.clock);
  const query = new AvailabilityQuery(tenants);
  const answers = new AvailabilityAnswers(tenants, query);
  const updates = new AvailabilityUpdates(tenants, feed, ctx.clock);
  const deltas = new DeltaService({ tenants, feed, clock: ctx.clock, query });
  const reservations = new ReservationService({
    store: ctx.store,
    tenants,
    feed,
    clock: ctx.clock,
    journal: ctx.journal,
    expiryLagMs: ctx.options.reservations.expiryLagMs ?? EXPIRY_LAG_MS[ctx.options.profile],
  });
  const files = new FileArea(ctx.options.filesDir);
  const jobs = new JobQueue((jobId, error) => ctx.logger.error(`impex job ${jobId} failed unexpectedly`, error));
  const repo = new ImpexRepository({ store: ctx.store, clock: ctx.clock, files });
  const ledger = new RecordLedger(ctx.store);
  const queueDelayMs = ctx.options.impex.queueDelayMs ?? QUEUE_DELAY_MS[ctx.options.profile];
  const pool = new ParsePool();
  const parsing = { pool, fromBytes: ctx.options.impex.parallelParseBytes ?? PARALLEL_PARSE_BYTES };
  const imports = new ImportService({ repo, files, queue: jobs, clock: ctx.clock, journal: ctx.journal, tenants, updates, ledger, queueDelayMs, parsing });
  const exports = new ExportService({
    repo,
    files,
    queue: jobs,
    clock: ctx.clock,
    journal: ctx.journal,
    tenants,
    query,
    deltas,
    feed,
    reservations: reservationsExportSource(reservations),
    queueDelayMs,
  });
  updates.exportInProgress = (tenantGroupId) => exports.availabilityExportInProgress(tenantGroupId);
  // Every write through the availability APIs is a domain event (the documented sequence reads them).
  updates.onWritten = (tenantGroupId, written) => ctx.journal.emit({ type: 'oci.availability.written', tenant: tenantGroupId, data: { ...written } });
  const safetyStock = memoSafetyStock(tenants);
  const outage = new OutageService({ store: ctx.store, clock: ctx.clock, journal: ctx.journal, onListenerError: (error) => ctx.logger.error('an OCI outage listener failed', error) });
  const domain: OciDomain = { tenants, feed, query, answers, updates, deltas, imports, exports, jobs, reservations };
  ctx.services.oci = {
    domain,
    publishGraph: (tenantGroupId, graph) => publishGraph(tenants, feed, tenantGroupId, graph),
    placeOf: (tenantGroupId, id) => tenants.placeOf(tenantGroupId, id),
    summary: (tenantGroupId) => summaryOf(tenants.state(tenantGroupId)),
    watchChanges: (listener) => feed.watch(listener),
    safetyStockAt: (tenantGroupId, placeId) => safetyStock.at(tenantGroupId, placeId),
    setupFacts: (tenantGroupId) => {
      const state = tenants.state(tenantGroupId);
      let records = 0;
      for (const table of state.records.values()) records += table.skus().length;
      const locations = Object.keys(state.locations);
      return {
        places: locations.length + Object.keys(state.groups).length,
        records,
        anySafetyStock: () => locations.some((id) => safetyStock.at(tenantGroupId, id).anySafetyStock),
      };
    },
    outage: { current: () => outage.current(), onChange: (listener) => outage.onChange(listener) },
    figures: (tenantGroupId, placeType, id, sku) => (placeType === 'group' ? query.group(tenantGroupId, id, sku) : query.location(tenantGroupId, id, sku)),
    onHandAt: (tenantGroupId, locationId, sku) => recordsAt(tenants.state(tenantGroupId), locationId)?.onHandOf(sku),
    groupLocations: (tenantGroupId, groupId) => own(tenants.state(tenantGroupId).groups, groupId)?.locations ?? [],
    locationChangesSince: (tenantGroupId, cursor, visit) => {
      if (!feed.covers(tenantGroupId, cursor)) return undefined;
      return feed.scan(tenantGroupId, cursor, (entry) => {
        if (entry.place === 'location') visit(entry.placeId, entry.sku);
        return true;
      }).last;
    },
    feedHead: (tenantGroupId) => feed.head(tenantGroupId),
  };
  const guard = ociGuard(ctx.authenticator, ctx.services, outageGate(() => outage.current(), COMMERCE_REFUSALS));
  const common: OciRouteDeps = { guard, bodyLimit: ctx.options.bodyLimitBytes, lane: ctx.lane };
  return {
    rearm() {
      tenants.forgetIndexes();
      imports.rearmAll();
      exports.rearmAll();
      reservations.rearmAll();
      outage.rearm();
    },
    routes: {
      oci: [
        scoped('/inventory/availability/', availabilityRoutes({ ...common, tenants, query, answers, updates })),
        scoped('/inventory/availability/', changeFeedRoutes({ ...common, deltas })),
        scoped('/inventory/reservation/', reservationRoutes({ ...common, reservations })),
        scoped('/inventory/impex/', importRoutes({ ...common, imports, uploadLimitBytes: ctx.options.impex.uploadLimitBytes })),
        scoped('/inventory/impex/', exportRoutes({ ...common, exports })),
        handshakeRoutes({ guard, journal: ctx.journal }),
      ],
      'salesforce-org': [
        connectAvailabilityRoutes({ query, updates, tenants, services: ctx.services, bodyLimit: ctx.options.bodyLimitBytes }),
        connectUploadRoutes({ imports, services: ctx.services }),
        connectReservationRoutes({ reservations, services: ctx.services, bodyLimit: ctx.options.bodyLimitBytes }),
      ],
      control: [outageRoutes({ outage, guard: adminGuard(ctx.options.adminToken) })],
    },
    idle: () => jobs.idle(),
    async close() {
      answers.close();
      await jobs.close();
      await pool.close();
      files.close();
    },
  };
}

