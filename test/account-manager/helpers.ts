import { generateKeyPairSync } from 'node:crypto';
import { DEMO } from '../../fixtures/index.js';
import { adminToken, type Running } from '../helpers/emulator.js';

export const AM_ORG = DEMO.accountManager.organizationId;

/** Creates an API client through the Account Manager API, activated unless told otherwise. */
export async function createClient(
  run: Running,
  body: Record<string, unknown>,
  activate = true,
): Promise<{ id: string; secret: string }> {
  const token = await adminToken(run.http);
  const secret = (body.password as string | undefined) ?? 'Another-Strong-Pass-9';
  const res = await run.http
    .post('/dw/rest/v1/apiclients')
    .set('Authorization', `Bearer ${token}`)
    .send({ name: `client-${Math.random().toString(36).slice(2, 8)}`, organizations: [AM_ORG], password: secret, ...body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  if (activate) {
    const put = await run.http.put(`/dw/rest/v1/apiclients/${res.body.id}`).set('Authorization', `Bearer ${token}`).send({ active: true });
    if (put.status !== 200) throw new Error(`activate failed: ${put.status} ${put.text}`);
  }
  return { id: res.body.id as string, secret };
}

export function rsaKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
