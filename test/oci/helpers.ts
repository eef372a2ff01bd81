import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';

// Shared by the OCI availability tests: an emulator with a world, a token with every OCI scope, short paths.

export const BASE = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
export const ACTIONS = `${BASE}/availability-records/actions`;

export interface OciRun extends Running {
  token: string;
  /** A new token, for after the clock moved past the old one's 30 minutes. */
  refreshToken(): Promise<void>;
  post(path: string, body: unknown, token?: string): ReturnType<Running['http']['post']>;
  available(body: unknown): ReturnType<Running['http']['post']>;
}

export async function startOci(fixtures: 'demo' | 'raml-examples' = 'raml-examples'): Promise<OciRun> {
  const run = await startEmulator({ fixtures });
  const oci: OciRun = {
    ...run,
    token: await tokenFor(run.http),
    async refreshToken() {
      oci.token = await tokenFor(run.http);
    },
    post: (path, body, t) => run.http.post(path).set('Authorization', `Bearer ${t ?? oci.token}`).send(body as object),
    available: (body) => oci.post(`${ACTIONS}/get-availability`, body),
  };
  return oci;
}

export function recordPath(location: string, sku: string, requestId: string): string {
  return `${BASE}/locations/${location}/availability-records/skus/${encodeURIComponent(sku)}/${requestId}`;
}
