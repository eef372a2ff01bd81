import { AppError } from '../../core/errors/app-error.js';
import { safeMessage } from '../../core/errors/safe-message.js';
import type { Services } from '../../party.js';

// The cache's streams reach OCI the way B2C's integration does: the availability export (impex) for a full
// import, get-deltas for the change feed. Through OCI's services, never its namespaces.

/** What the follower asks of OCI: the calls a client makes (the export API and get-deltas). */
export interface OciClient {
  requestExport(tenantGroupId: string, placeType: 'group' | 'location', places: string[]): string;
  /** The export's state; its file's path once it completed. */
  exportState(tenantGroupId: string, exportId: string): { status: 'waiting' | 'failed' | 'expired' | 'completed'; reason?: string; path?: string };
  deltas(tenantGroupId: string, token: string): { nextDeltaToken: string; shouldQueryAgain: boolean; records: DeltaLine[] };
}

export interface DeltaLine {
  id: string;
  sku: string;
  deltaType: 'Change' | 'Delete';
  [field: string]: unknown;
}

export function ociClient(services: Services): OciClient {
  const domain = () => {
    const oci = services.oci;
    if (!oci) throw new AppError(503, 'OCI_UNAVAILABLE', 'Omnichannel Inventory is not part of this emulator');
    // An injected outage reaches B2C's integration as it reaches everyone (docs/faults.md).
    const fault = oci.outage.current();
    if (fault?.kind === 'down') throw new AppError(503, 'OCI_UNAVAILABLE', 'Omnichannel Inventory is unavailable');
    if (fault?.kind === 'throttle') throw new AppError(429, 'OCI_THROTTLED', 'Omnichannel Inventory is throttling requests');
    return oci.domain;
  };
  return {
    requestExport: (tenantGroupId, placeType, places) => domain().exports.initiate(tenantGroupId, 'availability', { objects: { [placeType === 'group' ? 'groups' : 'locations']: places } }).id,
    exportState(tenantGroupId, exportId) {
      const { exports } = domain();
      try {
        const job = exports.status(tenantGroupId, 'availability', exportId);
        if (job.status === 'PENDING' || job.status === 'RUNNING') return { status: 'waiting' };
        if (job.status === 'FAILED') return { status: 'failed', reason: job.failure ?? 'unknown reason' };
        return { status: 'completed', path: exports.file(tenantGroupId, 'availability', exportId) };
      } catch (error) {
        // A finished export whose file is no longer offered (24 h) is simply asked for again.
        if (error instanceof AppError && error.status === 410) return { status: 'expired', reason: safeMessage(error) };
        return { status: 'failed', reason: safeMessage(error) };
      }
    },
    deltas: (tenantGroupId, token) => {
      const page = domain().deltas.read(tenantGroupId, token);
      return { nextDeltaToken: page.nextDeltaToken, shouldQueryAgain: page.shouldQueryAgain, records: page.records as unknown as DeltaLine[] };
    },
  };
}
