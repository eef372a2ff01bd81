import { send, type HttpCall } from '../http.js';
import { OciError, ociRefusal, parseExportFile, type ExportFile, type ExportStarted, type ExportStatus } from '../oci-dialect.js';

// The calls B2C Commerce's OCI cache makes to fill and follow its streams (docs/oci-integration.md, "Streams"): a
// full import through OCI's availability export of the places a stream's lists pair with (a group for a dedicated
// stream, locations for the combined one) — initiate, poll the status, download the file whose last line is a delta
// token — then get-deltas from that token, page after page. A 410 from either (the file no longer offered, the
// delta link expired) asks for a new full import. Plain fetch (through the shared helper), so the contract
// records what a real caller sends.

export interface OciCacheConnection {
  baseUrl: string;
  /** The instance's Account Manager token: its tenant scope names the instance linked to the tenant group. */
  accessToken: string;
  tenantGroupId: string;
}

/** The OCI places one stream follows. */
export interface StreamPlaces {
  placeType: 'group' | 'location';
  places: string[];
}

export interface DeltaRecord {
  /** The place: a location, or the group the stream follows. */
  id: string;
  sku: string;
  deltaType: 'Change' | 'Delete';
  onHand: number;
  atf: number;
  ato: number;
  reserved: number;
  safetyStockCount: number;
  effectiveDate?: string;
  futures: { expectedDate: string; quantity: number }[];
}

export interface DeltaPage {
  nextDeltaToken: string;
  shouldQueryAgain: boolean;
  records: DeltaRecord[];
}

/** OCI's own words for a finished export; its examples mix the cases. */
const FINISHED = /^(completed|failed)$/i;
const COMPLETED = /^completed$/i;

export class OciCacheClient {
  constructor(private readonly c: OciCacheConnection) {}

  async requestExport(stream: StreamPlaces): Promise<ExportStarted> {
    const objects = stream.placeType === 'group' ? { groups: stream.places } : { locations: stream.places };
    return (await this.#send({ method: 'POST', path: this.#path('impex', 'availability-records/exports'), json: { objects } })).json as ExportStarted;
  }

  async exportStatus(exportId: string): Promise<ExportStatus> {
    return (await this.#send({ path: this.#path('impex', `availability-records/exports/${encodeURIComponent(exportId)}/status`) })).json as ExportStatus;
  }

  /** Reads the file at the status's download link: its places with their records, and the closing delta token. */
  async downloadExport(downloadLink: string): Promise<ExportFile> {
    // NDJSON, labelled application/text for locations: fetch's own Accept (`*/*`), read as text.
    return parseExportFile((await this.#send({ path: downloadLink, headers: { Accept: '*/*' } }, 'text')).text);
  }

  /** One page of changes after `deltaToken`; the cache keeps `nextDeltaToken` and asks again while `shouldQueryAgain`. */
  async getDeltas(deltaToken: string): Promise<DeltaPage> {
    return (await this.#send({ method: 'POST', path: this.#path('availability', 'availability-records/actions/get-deltas'), json: { deltaToken } })).json as DeltaPage;
  }

  /** Polls the export's status (`wait` between polls) until it ended, COMPLETED or FAILED. */
  async exportEnded(exportId: string, wait: () => Promise<void>, maxPolls = 100): Promise<ExportStatus> {
    for (let poll = 0; poll < maxPolls; poll++) {
      const status = await this.exportStatus(exportId);
      if (FINISHED.test(status.status)) return status;
      await wait();
    }
    throw new OciError(200, 'ExportTimedOut', { message: `export ${exportId} had not ended after ${maxPolls} polls` });
  }

  /** A stream's full import: the export asked for, polled until it ended, its file read. */
  async fullImport(stream: StreamPlaces, wait: () => Promise<void>): Promise<ExportFile> {
    const { exportId } = await this.requestExport(stream);
    const status = await this.exportEnded(exportId, wait);
    if (!COMPLETED.test(status.status)) throw new OciError(200, 'ExportFailed', { message: `export ${exportId} ended ${status.status}` });
    return this.downloadExport(status.download.downloadLink);
  }

  #path(api: 'impex' | 'availability', rest: string): string {
    return `/inventory/${api}/v1/organizations/${encodeURIComponent(this.c.tenantGroupId)}/${rest}`;
  }

  #send(call: HttpCall, parse: 'json' | 'text' = 'json') {
    return send(this.c.baseUrl, { ...call, bearer: this.c.accessToken }, ociRefusal, { parse });
  }
}
