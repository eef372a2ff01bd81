import { send, type HttpAnswer, type Refusal } from '../http.js';
import { ServiceError } from '../service-error.js';

// The calls a headless storefront makes for a guest checkout through the B2C Commerce API (SCAPI): a guest token
// from SLAS (private client, client_credentials), the product and its availability, a basket filled step by step,
// the order made from it, read back, and failed when the payment does not go through. Plain fetch (through the
// shared helper), so the contract records what a real caller sends. Every shopper call names the site in `siteId`.

export interface ScapiConnection {
  /** The SCAPI host, e.g. `https://kv7kzm78.api.commercecloud.salesforce.com`. */
  baseUrl: string;
  /** `f_ecom_<realm>_<instance>`. */
  organizationId: string;
  siteId: string;
}

export interface GuestLogin extends ScapiConnection {
  clientId: string;
  clientSecret: string;
}

export interface GuestToken {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  usid: string;
  customerId: string;
}

export interface OrderAddress {
  firstName?: string;
  lastName?: string;
  address1?: string;
  address2?: string;
  city?: string;
  postalCode?: string;
  stateCode?: string;
  countryCode?: string;
  phone?: string;
}

export interface ProductItemInput {
  productId: string;
  quantity: number;
  inventoryId?: string;
}

export interface PaymentInstrumentInput {
  paymentMethodId: string;
  amount?: number;
  paymentCard?: { cardType?: string; number?: string; expirationMonth?: number; expirationYear?: number; holder?: string };
}

export type FailReason = 'payment_auth_failure' | 'payment_capture_failure' | 'payment_confirm_failure';

/** A SCAPI document as the storefront reads it (Product, Basket, Order, …). */
export type ScapiDocument = Record<string, unknown>;

/**
 * SCAPI's refusal: problem+json `{type, title, detail, …}`, its code the slug ending `type`
 * (`…/errors/basket-not-found` → `basket-not-found`); SLAS's `{error, error_description}`, its code `error`.
 */
export class ScapiError extends ServiceError {
  static override readonly service = 'SCAPI';
  readonly type = this.code;
}

/** Standard HTTP Basic (`base64(id:secret)`), as SLAS documents for a private client. */
export function slasBasicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
}

/** A guest shopper's token from SLAS: the private client's client_credentials grant for the site. */
export async function guestToken(login: GuestLogin): Promise<GuestToken> {
  const { json } = await send(
    login.baseUrl,
    {
      method: 'POST',
      path: `/shopper/auth/v1/organizations/${encodeURIComponent(login.organizationId)}/oauth2/token`,
      headers: { Authorization: slasBasicAuthorization(login.clientId, login.clientSecret) },
      form: { grant_type: 'client_credentials', channel_id: login.siteId },
    },
    scapiRefusal,
  );
  const body = (json ?? {}) as ScapiDocument;
  return {
    accessToken: String(body.access_token),
    refreshToken: String(body.refresh_token),
    expiresIn: Number(body.expires_in),
    usid: String(body.usid),
    customerId: String(body.customer_id),
  };
}

export class ScapiCheckoutClient {
  constructor(private readonly c: ScapiConnection & { accessToken: string }) {}

  getProduct(productId: string, expand: readonly string[] = ['availability', 'prices']): Promise<ScapiDocument> {
    return this.#send('GET', `/product/shopper-products/v1/organizations/{org}/products/${encodeURIComponent(productId)}`, { expand: expand.join(',') });
  }

  getAvailability(productIds: readonly string[]): Promise<ScapiDocument> {
    return this.#send('GET', '/product/shopper-availability/v1/organizations/{org}/availability', { productIds: productIds.join(',') });
  }

  createBasket(body: { productItems?: ProductItemInput[] } = {}): Promise<ScapiDocument> {
    return this.#send('POST', BASKETS, {}, body);
  }

  getBasket(basketId: string): Promise<ScapiDocument> {
    return this.#send('GET', basket(basketId));
  }

  addItems(basketId: string, items: ProductItemInput[]): Promise<ScapiDocument> {
    return this.#send('POST', basket(basketId, '/items'), {}, items);
  }

  setCustomer(basketId: string, email: string): Promise<ScapiDocument> {
    return this.#send('PUT', basket(basketId, '/customer'), {}, { email });
  }

  setShippingAddress(basketId: string, address: OrderAddress, shipmentId = 'me'): Promise<ScapiDocument> {
    return this.#send('PUT', basket(basketId, `/shipments/${encodeURIComponent(shipmentId)}/shipping-address`), {}, address);
  }

  setShippingMethod(basketId: string, methodId: string, shipmentId = 'me'): Promise<ScapiDocument> {
    return this.#send('PUT', basket(basketId, `/shipments/${encodeURIComponent(shipmentId)}/shipping-method`), {}, { id: methodId });
  }

  setBillingAddress(basketId: string, address: OrderAddress): Promise<ScapiDocument> {
    return this.#send('PUT', basket(basketId, '/billing-address'), {}, address);
  }

  addPaymentInstrument(basketId: string, instrument: PaymentInstrumentInput): Promise<ScapiDocument> {
    return this.#send('POST', basket(basketId, '/payment-instruments'), {}, instrument);
  }

  createOrder(basketId: string): Promise<ScapiDocument> {
    return this.#send('POST', ORDERS, {}, { basketId });
  }

  getOrder(orderNo: string): Promise<ScapiDocument> {
    return this.#send('GET', `${ORDERS}/${encodeURIComponent(orderNo)}`);
  }

  /** Fails a `created` order; with `reopenBasket`, resolves to the reopened basket's address (201 Location). */
  async failOrder(orderNo: string, reasonCode: FailReason = 'payment_auth_failure', reopenBasket = false): Promise<{ reopenedBasket: string | null }> {
    const res = await this.#call('POST', `${ORDERS}/${encodeURIComponent(orderNo)}/actions/fail`, { reopenBasket: String(reopenBasket) }, { reasonCode });
    return { reopenedBasket: res.status === 201 ? res.headers.get('location') : null };
  }

  async #send(method: string, path: string, query: Record<string, string> = {}, payload?: unknown): Promise<ScapiDocument> {
    return ((await this.#call(method, path, query, payload)).json ?? {}) as ScapiDocument;
  }

  /** Every shopper call names the site; `{org}` in the path is the organization. */
  #call(method: string, path: string, query: Record<string, string>, payload?: unknown): Promise<HttpAnswer> {
    const call = { method, path: path.replace('{org}', encodeURIComponent(this.c.organizationId)), query: { siteId: this.c.siteId, ...query }, bearer: this.c.accessToken, json: payload };
    return send(this.c.baseUrl, call, scapiRefusal);
  }
}

const BASKETS = '/checkout/shopper-baskets/v1/organizations/{org}/baskets';
const ORDERS = '/checkout/shopper-orders/v1/organizations/{org}/orders';
const basket = (basketId: string, suffix = '') => `${BASKETS}/${encodeURIComponent(basketId)}${suffix}`;

/** SCAPI's problem+json names the error by the slug ending its `type`; SLAS's OAuth body by `error`. */
const scapiRefusal: Refusal = (status, body) =>
  new ScapiError(status, typeof body.type === 'string' ? (body.type.split('/').pop() ?? body.type) : typeof body.error === 'string' ? body.error : 'unknown-error', body);
