import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, responseValidator, specExamples, specsAvailable } from '../helpers/specs.js';
import { BASE, startOci, type OciRun } from './helpers.js';
import { TENANT_GROUP } from '../helpers/emulator.js';

// Salesforce's own RAML, converted to OpenAPI: every request example is accepted, and what the emulator answers on
// every availability route, success or error, validates against the schema declared for that status.

const SPEC = 'oci-openapi/inventory-availability.openapi.json';
const have = specsAvailable(SPEC);
const T = '/organizations/{organizationId}';
const real = (template: string, params: Record<string, string> = {}) =>
  template.replace('/organizations/{organizationId}', BASE).replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? k);

let run: OciRun;
beforeAll(async () => {
  run = await startOci('raml-examples');
});
afterAll(() => run.close());

describe.runIf(have)('golden: RAML examples and OpenAPI schemas', () => {
  it('accepts every availability request example', async () => {
    const requests = specExamples('inventory-availability').filter((e) => e.kind === 'request');
    expect(requests.length).toBeGreaterThan(0);
    for (const example of requests) {
      const res = await run.http[example.method.toLowerCase() as 'post'](real(example.path)).set('Authorization', `Bearer ${run.token}`).send(example.body as object);
      expect(res.status, `${example.name}: ${res.text}`).toBeLessThan(300);
    }
  });

  const cases: [string, string, string, () => Promise<{ status: number; body: unknown }>][] = [
    ['post', `${T}/availability-records/actions/get-availability`, 'by group', () => run.available({ sku: 'sku123', group: 'arizona' })],
    ['post', `${T}/availability-records/actions/get-availability`, 'by places', () => run.available({ skus: ['sku123', 'nope'], locations: ['warehouse5'], groups: ['UnitedStates'] })],
    ['post', `${T}/availability-records/actions/get-availability`, 'unknown location', () => run.available({ skus: ['sku123'], locations: ['atlantis'] })],
    ['post', `${T}/availability-records/actions/get-availability`, 'unknown group', () => run.available({ skus: ['sku123'], groups: ['Atlantis'] })],
    ['post', `${T}/availability-records/actions/get-availability`, 'bad id', () => run.available({ skus: ['sku123'], locations: ['no spaces'] })],
    ['post', `${T}/availability-records/actions/batch-update`, 'applied', () => run.post(`${BASE}/availability-records/actions/batch-update`, { records: [{ id: 'g1', location: 'surprise', sku: 'sku9', onHand: 4 }] })],
    ['post', `${T}/availability-records/actions/batch-update`, 'partial', async () => {
      await run.post(`${BASE}/availability-records/actions/batch-update`, { records: [{ id: 'g2', location: 'surprise', sku: 'sku9', onHand: 4 }] });
      return run.post(`${BASE}/availability-records/actions/batch-update`, { records: [{ id: 'g2', location: 'surprise', sku: 'sku9', onHand: 5 }] });
    }],
    ['post', `${T}/availability-records/actions/batch-update`, 'unknown location', () => run.post(`${BASE}/availability-records/actions/batch-update`, { records: [{ id: 'g3', location: 'atlantis', sku: 'sku9' }] })],
    ['post', `${T}/availability-records/actions/get-deltas`, 'page', async () => {
      const { body } = await run.post(`${BASE}/availability-records/delta-token`, { placeType: 'location', places: ['surprise'] });
      await run.post(`${BASE}/availability-records/actions/batch-update`, { records: [{ id: 'g4', location: 'surprise', sku: 'sku123', onHand: 28 }] });
      return run.post(`${BASE}/availability-records/actions/get-deltas`, { deltaToken: body.deltaToken });
    }],
    ['post', `${T}/availability-records/actions/get-deltas`, 'invalid token', () => run.post(`${BASE}/availability-records/actions/get-deltas`, { deltaToken: 'garbage' })],
    ['put', `${T}/locations/{locationId}/availability-records/skus/{sku}/{requestId}`, 'created', () => run.http.put(real(`${T}/locations/surprise/availability-records/skus/sku77/put-1`)).set('Authorization', `Bearer ${run.token}`).send({ onHand: 3 })],
    ['put', `${T}/locations/{locationId}/availability-records/skus/{sku}/{requestId}`, 'unknown location', () => run.http.put(real(`${T}/locations/atlantis/availability-records/skus/sku77/put-2`)).set('Authorization', `Bearer ${run.token}`).send({ onHand: 3 })],
    ['patch', `${T}/locations/{locationId}/availability-records/skus/{sku}/{requestId}`, 'missing record', () => run.http.patch(real(`${T}/locations/surprise/availability-records/skus/nosuch/patch-1`)).set('Authorization', `Bearer ${run.token}`).send({ onHand: 3 })],
    ['delete', `${T}/locations/{locationId}/availability-records/skus/{sku}/{requestId}`, 'missing record', () => run.http.delete(real(`${T}/locations/surprise/availability-records/skus/nosuch/del-1`)).set('Authorization', `Bearer ${run.token}`)],
    ['delete', `${T}/locations/{locationId}/availability-records/skus/{sku}/{requestId}`, 'deleted', () => run.http.delete(real(`${T}/locations/surprise/availability-records/skus/sku77/del-2`)).set('Authorization', `Bearer ${run.token}`)],
    ['post', `${T}/product-segmentation/actions/batch-update`, 'applied', () => run.post(`${BASE}/product-segmentation/actions/batch-update`, { groups: [{ groupId: 'arizona', mode: 'APPEND', skus: ['sku123'] }] })],
    ['post', `${T}/product-segmentation/actions/batch-update`, 'partial', () => run.post(`${BASE}/product-segmentation/actions/batch-update`, { groups: [{ groupId: 'Atlantis', mode: 'DELETE', skus: ['sku123'] }] })],
    ['post', `${T}/product-segmentation/actions/batch-update`, 'bad mode', () => run.post(`${BASE}/product-segmentation/actions/batch-update`, { groups: [{ groupId: 'arizona', mode: 'MERGE', skus: ['sku123'] }] })],
  ];

  it.each(cases)('%s %s (%s) answers with a body its schema accepts', async (method, template, _name, send) => {
    const res = await send();
    const validate = responseValidator(SPEC, method, template, res.status);
    if (!validate) {
      expect(res.body === undefined || Object.keys(res.body as object).length === 0).toBe(true);
      return;
    }
    expect(validate(res.body), `${res.status} ${JSON.stringify(res.body)}\n${errorsOf(validate)}`).toBe(true);
  });

  it('a tenant group nobody provisioned → the documented 403 body', async () => {
    const res = await run.post(`/inventory/availability/v1/organizations/not-${TENANT_GROUP}/availability-records/actions/get-availability`, { sku: 'sku123' });
    expect(res.status).toBe(403);
    const validate = responseValidator(SPEC, 'post', `${T}/availability-records/actions/get-availability`, 403)!;
    expect(validate(res.body), errorsOf(validate)).toBe(true);
  });
});
