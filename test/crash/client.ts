import { DEMO, OCI_AM_SCOPES } from '../../fixtures/index.js';

// The crash suite's HTTP client: plain fetch against a child emulator, each answer stamped with when the request
// left and when its answer came (performance.now() of this process, the clock the kill is timed with).

export const TENANT_GROUP = DEMO.salesforce.tenantGroupId;
export const LOCATIONS: readonly string[] = DEMO.locations;
export const AVAILABILITY = `/inventory/availability/v1/organizations/${TENANT_GROUP}/availability-records/actions`;
export const RESERVATIONS = `/inventory/reservation/v1/organizations/${TENANT_GROUP}/reservation-documents`;
export const IMPORTS = `/inventory/impex/v1/organizations/${TENANT_GROUP}/availability-records/imports`;

const REQUEST_TIMEOUT_MS = 30_000;

export interface Answer {
  status: number;
  body: unknown;
  sentAt: number;
  ackAt: number;
}

/** A request that got no answer: the process died under it (or it timed out). */
export class NoAnswer extends Error {
  constructor(
    readonly sentAt: number,
    cause: unknown,
  ) {
    super(`no answer: ${(cause as Error).message}`);
  }
}

export class Client {
  token = '';
  /** Requests sent so far. */
  requests = 0;

  constructor(readonly url: string) {}

  async authenticate(): Promise<void> {
    const integration = DEMO.accountManager.integrationClient;
    const basic = Buffer.from(`${encodeURIComponent(integration.id)}:${encodeURIComponent(integration.secret)}`).toString('base64');
    const scope = `SALESFORCE_COMMERCE_API:${DEMO.b2c.instanceId} ${OCI_AM_SCOPES.join(' ')}`;
    const res = await this.send('POST', '/dwsso/oauth2/access_token', new URLSearchParams({ grant_type: 'client_credentials', scope }), { Authorization: `Basic ${basic}` });
    if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = (res.body as { access_token: string }).access_token;
  }

  /** A JSON request with the bearer token (any path under the emulator). */
  json(method: string, path: string, body?: unknown): Promise<Answer> {
    return this.send(method, path, body === undefined ? undefined : JSON.stringify(body), { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) });
  }

  upload(path: string, content: string): Promise<Answer> {
    const form = new FormData();
    form.append('fileUpload', new Blob([content], { type: 'application/json' }), 'inventory.json');
    return this.send('POST', path, form, { Authorization: `Bearer ${this.token}` });
  }

  async send(method: string, path: string, body: string | URLSearchParams | FormData | undefined, headers: Record<string, string>): Promise<Answer> {
    const sentAt = performance.now();
    this.requests++;
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, { method, body, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new NoAnswer(sentAt, error);
    }
    const ackAt = performance.now();
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      // Headers came and the body broke off: a streamed answer cut by the kill. Not an acknowledgement.
      throw new NoAnswer(sentAt, error);
    }
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: kept as text for the failure message
    }
    return { status: res.status, body: parsed, sentAt, ackAt };
  }
}

/** get-availability in chunks within its 100-combination limit: onHand and reserved by `sku@location`. */
export async function availabilityOf(client: Client, skus: readonly string[], locations: readonly string[] = LOCATIONS): Promise<Map<string, { onHand: number; reserved: number }>> {
  const out = new Map<string, { onHand: number; reserved: number }>();
  const per = Math.max(1, Math.floor(100 / locations.length));
  for (let i = 0; i < skus.length; i += per) {
    const res = await client.json('POST', `${AVAILABILITY}/get-availability`, { skus: skus.slice(i, i + per), locations });
    if (res.status !== 200) throw new Error(`get-availability: ${res.status} ${JSON.stringify(res.body)}`);
    for (const location of (res.body as { locations: { id: string; records: { sku: string; onHand: number; reserved: number }[] }[] }).locations) {
      for (const r of location.records) out.set(`${r.sku}@${location.id}`, { onHand: r.onHand, reserved: r.reserved });
    }
  }
  return out;
}
