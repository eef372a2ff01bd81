import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { DEMO } from '../../fixtures/index.js';
import { admin, basic, FROZEN_START, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { tempFolders } from '../helpers/temp.js';

// --durable: a write is acknowledged only once it is on disk. When the disk refuses it, the client gets a 503 in
// the dialect of the API it called, and the change is undone: it is not visible afterwards, and the same request
// can be sent again.

const temp = tempFolders('oci-emu-durable');
afterAll(temp.cleanup);

const DOCS = `/inventory/reservation/v1/organizations/${TENANT_GROUP}/reservation-documents`;
const body = { locations: [{ id: 'WH-EAST', reservations: [{ sku: 'SKU-0001', quantity: 1 }] }] };

/** The next batch the store hands its backend fails as a full disk would. */
function refuseNextWrite(emulator: Emulator): void {
  const backend = emulator.store.backend;
  const write = backend.write.bind(backend);
  backend.write = async () => {
    backend.write = write;
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
}

async function durableEmulator(): Promise<{ emulator: Emulator; http: ReturnType<typeof supertest> }> {
  const emulator = await createEmulator({ clock: { mode: 'frozen', start: FROZEN_START }, fixtures: 'demo', store: { file: temp.file(), durable: true, flushDelayMs: 60_000 } });
  const { url } = await emulator.listen(0, '127.0.0.1');
  return { emulator, http: supertest(url) };
}

describe('durable writes the disk refuses', () => {
  it('answer 503 in OCI problem+json on the fast lane, leave no document, and the same reservation then succeeds', async () => {
    const { emulator, http } = await durableEmulator();
    try {
      const auth = { Authorization: `Bearer ${await tokenFor(http)}` };
      refuseNextWrite(emulator);
      const refused = await http.put(`${DOCS}/lost-basket`).set(auth).send(body);
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ errorCode: 'ServiceUnavailable' });
      expect(refused.headers['retry-after']).toBe('1');
      expect(emulator.lane.counts.served).toBeGreaterThan(0);
      expect(emulator.services.oci!.domain.reservations.document(TENANT_GROUP, 'lost-basket')).toBeUndefined();

      const again = await http.put(`${DOCS}/lost-basket`).set(auth).send(body);
      expect(again.status, again.text).toBe(200);
      expect(emulator.services.oci!.domain.reservations.document(TENANT_GROUP, 'lost-basket')?.state).toBe('OPEN');
    } finally {
      await emulator.close();
    }
  });

  it('answer 503 in the Account Manager dialect through Express, and the API client is not created', async () => {
    const { emulator, http } = await durableEmulator();
    try {
      const token = (await http.post('/dwsso/oauth2/access_token').set('Authorization', basic(admin.id, admin.secret)).type('form').send({ grant_type: 'client_credentials', scope: 'mail roles' })).body.access_token as string;
      const before = (await http.get('/dw/rest/v1/apiclients').set('Authorization', `Bearer ${token}`)).body;
      refuseNextWrite(emulator);
      const refused = await http
        .post('/dw/rest/v1/apiclients')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'durable-client', password: 'Sync-Inventory-2026!', organizations: [DEMO.accountManager.organizationId], roles: ['SALESFORCE_COMMERCE_API'], roleTenantFilter: 'SALESFORCE_COMMERCE_API:zzzz_001' });
      expect(refused.status, refused.text).toBe(503);
      expect(refused.body).toMatchObject({ errors: [expect.objectContaining({ code: 'ServiceUnavailableException' })] });
      expect(refused.text).not.toMatch(/at .*\.ts|\/work\//);
      const after = (await http.get('/dw/rest/v1/apiclients').set('Authorization', `Bearer ${token}`)).body;
      expect(after).toEqual(before);
    } finally {
      await emulator.close();
    }
  });
});
