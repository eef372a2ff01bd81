import { DEMO } from '../../../fixtures/well-known.js';
import { expectFixture, fromFixtureWorld, type StateContext, type StateSetup } from './state-kit.js';

// Provider states of OCI's reservation API: known stock at a warehouse (a record PUT through the availability
// API), and reservation documents made through the reservation API itself.

const TG = DEMO.salesforce.tenantGroupId;
const SKU = 'SKU-0001';
const WAREHOUSE = 'WH-EAST';
const GROUP = 'US-ONLINE';
const ON_HAND = 40;

/** WH-EAST holds exactly 40 of the SKU (a PUT replaces the whole record), and counts in US-ONLINE. */
async function inStock(ctx: StateContext): Promise<void> {
  const group = (await ctx.world()).tenantGroups.find((g) => g.id === TG)?.groups.find((g) => g.id === GROUP);
  expectFixture(group?.locations.includes(WAREHOUSE) === true, `${WAREHOUSE} in group ${GROUP}`);
  const record = `/inventory/availability/v1/organizations/${TG}/locations/${WAREHOUSE}/availability-records/skus/${SKU}/pact-state-in-stock`;
  await ctx.asCommerceApi('PUT', record, { json: { onHand: ON_HAND, safetyStockCount: 0, futureStock: [] } });
}

/** A reservation document holding `quantity` of the SKU at one place, made all or nothing. */
async function reserve(ctx: StateContext, id: string, place: { groups: { id: string }[] } | { locations: { id: string }[] }, quantity: number): Promise<void> {
  const lines = (places: { id: string }[]) => places.map((p) => ({ id: p.id, reservations: [{ sku: SKU, quantity }] }));
  const body = {
    allowPartialReservations: false,
    fulfillOnly: false,
    ...('groups' in place ? { groups: lines(place.groups) } : { locations: lines(place.locations) }),
  };
  const answer = await ctx.asCommerceApi('PUT', `/inventory/reservation/v1/organizations/${TG}/reservation-documents/${id}`, { json: body });
  expectFixture((answer.json as { success?: unknown }).success === true, `stock for reservation ${id}: ${answer.text}`);
}

export const OCI_RESERVATION_STATES: Record<string, StateSetup> = {
  [`${SKU} has ${ON_HAND} on hand at ${WAREHOUSE}`]: fromFixtureWorld(inStock),
  [`reservation basket-1 holds 2 of ${SKU} at ${WAREHOUSE}`]: fromFixtureWorld(async (ctx) => {
    await inStock(ctx);
    await reserve(ctx, 'basket-1', { locations: [{ id: WAREHOUSE }] }, 2);
  }),
  [`reservation order-1 holds 3 of ${SKU} at group ${GROUP}`]: fromFixtureWorld(async (ctx) => {
    await inStock(ctx);
    await reserve(ctx, 'order-1', { groups: [{ id: GROUP }] }, 3);
  }),
};
