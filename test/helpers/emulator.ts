import supertest from 'supertest';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import { DEMO, OCI_AM_SCOPES } from '../../fixtures/index.js';

// Every HTTP test starts its own emulator on a random loopback port: memory store, frozen clock, seed 1.

export const FROZEN_START = '2026-03-02T09:00:00.000Z';

export const integration = DEMO.accountManager.integrationClient;
export const admin = DEMO.accountManager.adminClient;
export const TENANT = DEMO.b2c.instanceId;
export const TENANT_GROUP = DEMO.salesforce.tenantGroupId;
export const ALL_OCI_SCOPES = OCI_AM_SCOPES.join(' ');

export interface Running {
  emulator: Emulator;
  url: string;
  http: ReturnType<typeof supertest>;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Running> {
  const emulator = await createEmulator({ clock: { mode: 'frozen', start: FROZEN_START }, seed: 1, fixtures: 'demo', ...options });
  const { url } = await emulator.listen(0, '127.0.0.1');
  return { emulator, url, http: supertest(url), close: () => emulator.close() };
}

export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s);
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

/** A token for a demo client through the public token endpoint. */
export async function tokenFor(
  http: Running['http'],
  scope = `SALESFORCE_COMMERCE_API:${TENANT} ${ALL_OCI_SCOPES}`,
  client: { id: string; secret: string } = integration,
): Promise<string> {
  const res = await http
    .post('/dwsso/oauth2/access_token')
    .set('Authorization', basic(client.id, client.secret))
    .type('form')
    .send({ grant_type: 'client_credentials', scope });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return res.body.access_token as string;
}

export async function adminToken(http: Running['http']): Promise<string> {
  return tokenFor(http, 'mail roles', admin);
}
