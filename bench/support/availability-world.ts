import { locationIds } from '../../fixtures/graph.js';
import { DEMO } from '../../fixtures/well-known.js';
import { header, sendOnce, type CapturedResponse, type RequestSpec } from './http.js';
import randomAvailability from './random-availability.cjs';

// The availability suite's world and its requests: a generated world of SKUs × locations, the paths and bodies
// B2C and storefronts send, and the checks that the emulator's answers are the ones the load means to measure.

const TG = DEMO.salesforce.tenantGroupId;
const ACTIONS = `/inventory/availability/v1/organizations/${TG}/availability-records/actions`;
export const GET_AVAILABILITY = `${ACTIONS}/get-availability`;
export const BATCH_UPDATE = `${ACTIONS}/batch-update`;
export const RANDOM_REQUESTS = new URL('./random-availability.cts', import.meta.url).pathname;

export interface World {
  skus: number;
  skuWidth: number;
  locations: string[];
}

/** The world `start --fixtures demo --skus N --locations M` generates (fixtures/graph.ts names the ids). */
export function generatedWorld(skus: number, locations: number): World {
  return { skus, skuWidth: Math.max(4, String(skus).length), locations: locationIds(locations) };
}

export function readRequest(world: World, headers: Record<string, string>): RequestSpec & { query: Query } {
  const query = randomAvailability.readBody({ ...world });
  return { method: 'POST', path: GET_AVAILABILITY, headers, body: JSON.stringify(query), query };
}

export function writeRequest(world: World, headers: Record<string, string>): RequestSpec & { records: { sku: string; location: string; onHand: number }[] } {
  const { records } = randomAvailability.writeBody({ ...world });
  return { method: 'POST', path: BATCH_UPDATE, headers, body: JSON.stringify({ records }), records };
}

export interface Query {
  skus: string[];
  locations: string[];
}

interface Answer {
  locations?: { id: string; records: { sku: string; onHand: number }[] }[];
}

/** The answer checked: 200, JSON, and every location asked for, each with a record for every SKU asked for. */
export function verifyRead(response: CapturedResponse, query: Query): Answer {
  const text = response.body.toString('utf8');
  if (response.status !== 200) throw new Error(`get-availability answered ${response.status}: ${text}`);
  if (!header(response, 'content-type')?.startsWith('application/json')) throw new Error('get-availability response is not JSON');
  return verifyAnswer(text, query);
}

/** A full answer: every location asked for, in order, each with a record for every SKU, in order. */
export function verifyAnswer(text: string, query: Query): Answer {
  const body = JSON.parse(text) as Answer;
  const ids = body.locations?.map((l) => l.id);
  if (ids?.join() !== query.locations.join()) throw new Error(`expected locations ${query.locations.join()}, got ${String(ids)}`);
  for (const l of body.locations!) {
    if (l.records.map((r) => r.sku).join() !== query.skus.join()) throw new Error(`${l.id}: expected a record for each of ${query.skus.join()}`);
  }
  return body;
}

/** A batch-update answers 204, and a read then shows each record's new onHand. */
export async function verifyWrite(url: string, request: ReturnType<typeof writeRequest>, response: CapturedResponse): Promise<void> {
  if (response.status !== 204) throw new Error(`batch-update answered ${response.status}: ${response.body.toString('utf8')}`);
  for (const r of request.records) {
    const query = { skus: [r.sku], locations: [r.location] };
    const answer = verifyRead(await sendOnce(url, { method: 'POST', path: GET_AVAILABILITY, headers: request.headers, body: JSON.stringify(query) }), query);
    const onHand = answer.locations![0]!.records[0]!.onHand;
    if (onHand !== r.onHand) throw new Error(`after batch-update ${r.sku} at ${r.location} shows onHand ${onHand}, expected ${r.onHand}`);
  }
}
