import { refusalBy, send, type HttpCall } from '../http.js';
import { ServiceError } from '../service-error.js';

// What an admin does in the B2C instance's Business Manager for the setup guide's Phases 3 and 4 (docs/trust.md,
// docs/oci-integration.md): Administration > Global Preferences > Cross Cloud Trust (see the org's request, Allow
// it), then Administration > Operations > OCI Integration (the mode B2C → OCI_CACHE, wait until every list's Cache
// Status is complete, → OCI). Every page is a JSON endpoint under `/on/demandware.store/Sites-Site/default/`, signed
// in with an Account Manager token naming the instance. Plain fetch (through the shared helper).

/** Business Manager's refusal: `{error, message, details?}`. */
export class BusinessManagerError extends ServiceError {
  static override readonly service = 'Business Manager';
}

const refusal = refusalBy(BusinessManagerError, 'error');

export type Mode = 'B2C' | 'OCI_CACHE' | 'OCI';

export interface CrossCloudTrustPage {
  instance: string;
  trustRequest: { id: string; from: { orgId: string }; tenantGroup: string; actions: string[] } | null;
  trust: { superTenant: string; tenantGroup: string; status: string; lastModified: string } | null;
}

export interface CacheStatusRow {
  inventoryListId: string;
  pairedWith: { type: 'group' | 'location'; id: string };
  stream: 'dedicated' | 'combined';
  status: 'pending' | 'importing' | 'complete' | 'error';
  recordsCached: number;
  [field: string]: unknown;
}

export interface ModeChange {
  from: Mode;
  to: Mode;
  at: string;
  by: string;
}

export interface OciIntegrationPage {
  mode: { value: Mode; label: string };
  switchTo: { value: Mode; label: string }[];
  linkedTenantGroup: string | null;
  warnings: { code: string; message: string }[];
  cacheStatus: CacheStatusRow[];
  /** Only in the answer to a switch. */
  change?: ModeChange | null;
  [field: string]: unknown;
}

const PIPELINE = '/on/demandware.store/Sites-Site/default';

export class BusinessManagerClient {
  constructor(private readonly c: { baseUrl: string; accessToken: string }) {}

  async crossCloudTrust(): Promise<CrossCloudTrustPage> {
    return (await this.#send({ path: `${PIPELINE}/CrossCloudTrust-Show` })).json as CrossCloudTrustPage;
  }

  /** Allow on the pending trust request; the answer is the page after it. */
  async allowTrust(): Promise<CrossCloudTrustPage> {
    return (await this.#send({ method: 'POST', path: `${PIPELINE}/CrossCloudTrust-Allow` })).json as CrossCloudTrustPage;
  }

  async ociIntegration(): Promise<OciIntegrationPage> {
    return (await this.#send({ path: `${PIPELINE}/OCIIntegration-Show` })).json as OciIntegrationPage;
  }

  /** The mode switch; the answer is the page in the new mode with the change. */
  async setMode(mode: Mode): Promise<OciIntegrationPage> {
    return (await this.#send({ method: 'POST', path: `${PIPELINE}/OCIIntegration-SetMode`, json: { mode } })).json as OciIntegrationPage;
  }

  /** Reads the page (`wait` between reads) until every list's Cache Status is complete: then OCI may be switched to. */
  async cacheComplete(wait: () => Promise<void>, maxReads = 100): Promise<OciIntegrationPage> {
    for (let read = 0; read < maxReads; read++) {
      const page = await this.ociIntegration();
      if (page.cacheStatus.length > 0 && page.cacheStatus.every((row) => row.status === 'complete')) return page;
      await wait();
    }
    throw new BusinessManagerError(200, 'CACHE_NOT_COMPLETE', { message: `the OCI cache was not complete after ${maxReads} reads` });
  }

  #send(call: HttpCall) {
    return send(this.c.baseUrl, { ...call, bearer: this.c.accessToken }, refusal);
  }
}
