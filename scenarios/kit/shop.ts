import type { Http } from './http.js';
import type { Tokens, WorldFacts } from './world.js';

// A shopper on the storefront through the Shopper APIs (SLAS guest login, Shopper Baskets, Shopper Orders), as
// a PWA Kit storefront makes the calls. A refusal (the product not available, the site offline) is an answer of
// the story, not an error.

const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', address1: '1 Main St', city: 'Boston', postalCode: '02108', stateCode: 'MA', countryCode: 'US' };
const CARD = { cardType: 'Visa', number: '4111111111111111', expirationMonth: 12, expirationYear: 2030, holder: 'Ada' };

export type OrderOutcome = { placed: true; orderNo: string; reservation: string | undefined } | { placed: false; reason: string };

export class Shop {
  constructor(
    private readonly http: Http,
    private readonly tokens: Tokens,
    private readonly world: () => WorldFacts,
  ) {}

  /** One shopper buys `quantity` of `sku` (from a store's list when `inventoryId` is given: pick-up in store). */
  async buy(sku: string, quantity: number, inventoryId?: string): Promise<OrderOutcome> {
    const { organizationId, siteId } = this.world();
    const token = await this.tokens.guest();
    const q = `?siteId=${siteId}`;
    const baskets = `/checkout/shopper-baskets/v1/organizations/${organizationId}/baskets`;
    const ok = [200, 400, 409, 503];
    const created = await this.http.post(`${baskets}${q}`, { token, body: {}, expect: ok });
    if (created.status !== 200) return { placed: false, reason: problem(created.body) };
    const id = created.body.basketId as string;
    const steps: [method: 'post' | 'put', path: string, body: unknown][] = [
      ['post', `${baskets}/${id}/items${q}`, [{ productId: sku, quantity, ...(inventoryId ? { inventoryId } : {}) }]],
      ['put', `${baskets}/${id}/customer${q}`, { email: 'ada@example.com' }],
      ['put', `${baskets}/${id}/shipments/me/shipping-address${q}`, ADDRESS],
      ['put', `${baskets}/${id}/shipments/me/shipping-method${q}`, { id: 'standard' }],
      ['put', `${baskets}/${id}/billing-address${q}`, ADDRESS],
      ['post', `${baskets}/${id}/payment-instruments${q}`, { paymentMethodId: 'CREDIT_CARD', amount: 1, paymentCard: CARD }],
    ];
    for (const [method, path, body] of steps) {
      const res = await this.http[method](path, { token, body, expect: ok });
      if (res.status !== 200) return { placed: false, reason: problem(res.body) };
    }
    const order = await this.http.post(`/checkout/shopper-orders/v1/organizations/${organizationId}/orders${q}`, { token, body: { basketId: id }, expect: ok });
    if (order.status !== 200) return { placed: false, reason: problem(order.body) };
    return { placed: true, orderNo: order.body.orderNo as string, reservation: order.body.c_ociReservationStatus as string | undefined };
  }

  /** What the storefront shows for a SKU: Shopper Availability's ATS at the site's list (or a store's). */
  async ats(sku: string, inventoryId?: string): Promise<number> {
    const { organizationId, siteId } = this.world();
    const token = await this.tokens.guest();
    const params = new URLSearchParams({ siteId, productIds: sku, ...(inventoryId ? { inventoryIds: inventoryId } : {}) });
    const res = await this.http.get(`/product/shopper-availability/v1/organizations/${organizationId}/availability?${params}`, { token, expect: [200, 400, 503] });
    if (res.status !== 200) return 0;
    const inventories = (res.body.data?.[0]?.inventories ?? []) as { id?: string; ats?: number }[];
    const row = inventoryId ? inventories.find((i) => i.id === inventoryId) : inventories[0];
    return row?.ats ?? 0;
  }
}

function problem(body: unknown): string {
  const b = body as { type?: string; title?: string } | undefined;
  return b?.type?.split('/').pop() ?? b?.title ?? 'refused';
}
