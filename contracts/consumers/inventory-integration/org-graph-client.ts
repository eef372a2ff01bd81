import { send, type HttpCall } from '../http.js';
import { requestOrgToken, salesforceRefusal, type OrgSession } from '../salesforce-dialect.js';

// The location graph as an inventory integration publishes it through the Salesforce org (the Connect REST API,
// 51.0 and later): a session of the org for its connected app (client credentials, run as the app's integration
// user), the upload that hands the org's enabled, synced locations and groups to OCI, and its status polled until
// it ends. Plain fetch (through the shared helper).

export interface AppCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The connected app's client-credentials session. */
export function orgSession(app: AppCredentials): Promise<OrgSession> {
  return requestOrgToken(app.baseUrl, { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret });
}

export interface GraphUploadAccepted {
  errors: { errorCode: string; message: string }[];
  success: boolean;
  uploadId: string;
}

export type GraphUploadStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface GraphUpload {
  uploadId: string;
  status: GraphUploadStatus;
  validationStatus: string;
  validationErrors: string[];
  recordsReadCount: number;
  recordsProcessedCount: number;
  recordsSkippedCount: number;
  startTimeUTC: string | null;
  endTimeUTC: string | null;
  [field: string]: unknown;
}

export class OrgGraphClient {
  constructor(private readonly c: { baseUrl: string; accessToken: string; apiVersion?: string }) {}

  /** Publishes the org's graph to OCI; the upload runs on its own (PENDING → IN_PROGRESS → COMPLETED or FAILED). */
  async publish(): Promise<GraphUploadAccepted> {
    return (await this.#send({ method: 'POST', path: this.#uploads() })).json as GraphUploadAccepted;
  }

  async status(uploadId: string): Promise<GraphUpload> {
    return (await this.#send({ path: `${this.#uploads()}/${encodeURIComponent(uploadId)}` })).json as GraphUpload;
  }

  /** Polls the upload (`wait` between polls) until it ended, COMPLETED or FAILED. */
  async untilEnded(uploadId: string, wait: () => Promise<void>, maxPolls = 100): Promise<GraphUpload> {
    for (let poll = 0; ; poll++) {
      const upload = await this.status(uploadId);
      if (upload.status === 'COMPLETED' || upload.status === 'FAILED' || poll + 1 >= maxPolls) return upload;
      await wait();
    }
  }

  #uploads(): string {
    return `/services/data/v${this.c.apiVersion ?? '62.0'}/commerce/oci/location-graph/uploads`;
  }

  #send(call: HttpCall) {
    return send(this.c.baseUrl, { ...call, bearer: this.c.accessToken }, salesforceRefusal);
  }
}
