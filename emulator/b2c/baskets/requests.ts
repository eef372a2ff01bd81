import { z } from 'zod';
import { parseBody } from '../../core/http/parse-body.js';
import type { OrderAddress, PaymentInstrument } from '../checkout/model.js';
import type { BasketPrefill, ItemInput } from './model.js';

// Bodies of Shopper Baskets v1: items (an array, quantity above 0 and at most 999), addresses, the customer's
// e-mail, a shipping method, a payment instrument. Fields a checkout does not need are accepted and ignored.

const id = (what: string) => z.string(`${what} must be a string`).min(1, `${what} must not be empty`).max(256, `${what} is too long`);
// Shopper Baskets: "a number between 0.01 and 999".
const quantity = z.number('must be a number').min(0.01, 'must be between 0.01 and 999').max(999, 'must be between 0.01 and 999');

const item = z.looseObject({
  productId: z.string('must be a string').min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  quantity,
  inventoryId: id('inventoryId').optional(),
  shipmentId: id('shipmentId').optional(),
});

const items = z.array(item, 'must be an array of product items').min(1, 'must hold at least one product item').max(100, 'may hold at most 100 product items');

const text = z.string('must be a string').max(256, 'must be at most 256 characters');
const address = z.looseObject({
  firstName: text.optional(),
  lastName: text.optional(),
  fullName: text.optional(),
  address1: text.optional(),
  address2: text.optional(),
  city: text.optional(),
  postalCode: text.optional(),
  stateCode: text.optional(),
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US').optional(),
  phone: text.optional(),
  companyName: text.optional(),
});

const email = z.string('must be a string').max(256).regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');

const itemsOf = (list: z.infer<typeof items>): ItemInput[] => list.map((i) => ({ productId: i.productId, quantity: i.quantity, inventoryId: i.inventoryId, shipmentId: i.shipmentId }));

const createBody = z.looseObject({
  productItems: items.optional(),
  customerInfo: z.looseObject({ email: email.optional() }).optional(),
  shipments: z
    .array(z.looseObject({ shipmentId: z.literal('me', "must be 'me' (the default shipment)").optional(), shippingAddress: z.unknown().optional(), shippingMethod: z.looseObject({ id: id('id') }).optional() }), 'must be an array')
    .max(1, 'may hold only the default shipment')
    .optional(),
  billingAddress: z.unknown().optional(),
  paymentInstruments: z.array(z.unknown(), 'must be an array').max(10, 'may hold at most 10').optional(),
});

export function parseCreate(body: unknown): BasketPrefill {
  const b = parseBody(createBody, body);
  const me = b.shipments?.[0];
  return {
    ...(b.productItems ? { items: itemsOf(b.productItems) } : {}),
    ...(b.customerInfo?.email ? { email: b.customerInfo.email } : {}),
    ...(me?.shippingAddress !== undefined ? { shippingAddress: parseAddress(me.shippingAddress) } : {}),
    ...(me?.shippingMethod ? { shippingMethodId: me.shippingMethod.id } : {}),
    ...(b.billingAddress !== undefined ? { billingAddress: parseAddress(b.billingAddress) } : {}),
    ...(b.paymentInstruments ? { payments: b.paymentInstruments.map(parsePayment) } : {}),
  };
}

export function parseItems(body: unknown): ItemInput[] {
  return itemsOf(parseBody(items, body));
}

const itemUpdateBody = z.looseObject({
  quantity: z
    .number('must be a number')
    .max(999, 'must be 0 (remove) or 0.01 to 999')
    .refine((q) => q === 0 || q >= 0.01, 'must be 0 (remove) or 0.01 to 999'),
});

export function parseItemUpdate(body: unknown): number {
  return parseBody(itemUpdateBody, body).quantity;
}

const customerBody = z.looseObject({ email });

export function parseCustomer(body: unknown): string {
  return parseBody(customerBody, body).email;
}

export function parseAddress(body: unknown): OrderAddress {
  const a = parseBody(address, body);
  const out: OrderAddress = {};
  for (const k of ['firstName', 'lastName', 'fullName', 'address1', 'address2', 'city', 'postalCode', 'stateCode', 'countryCode', 'phone', 'companyName'] as const) if (a[k] !== undefined) out[k] = a[k];
  return out;
}

const shippingMethodBody = z.looseObject({ id: id('id') });

export function parseShippingMethod(body: unknown): string {
  return parseBody(shippingMethodBody, body).id;
}

const card = z.looseObject({
  cardType: text.optional(),
  maskedNumber: text.optional(),
  number: z.string().max(32).optional(),
  expirationMonth: z.number().int().min(1).max(12).optional(),
  expirationYear: z.number().int().min(0).max(9999).optional(),
  holder: text.optional(),
});

const paymentBody = z.looseObject({ paymentMethodId: id('paymentMethodId'), amount: z.number('must be a number').min(0, 'must not be negative').max(1e9).optional(), paymentCard: card.optional() });

export function parsePayment(body: unknown): Omit<PaymentInstrument, 'paymentInstrumentId'> {
  const p = parseBody(paymentBody, body);
  // A card number is never kept: only its last four digits, masked.
  const c = p.paymentCard;
  const masked = c?.number ? `************${c.number.slice(-4)}` : c?.maskedNumber;
  return {
    paymentMethodId: p.paymentMethodId,
    amount: p.amount ?? 0,
    ...(c
      ? { paymentCard: { ...(c.cardType ? { cardType: c.cardType } : {}), ...(masked ? { maskedNumber: masked } : {}), ...(c.expirationMonth ? { expirationMonth: c.expirationMonth } : {}), ...(c.expirationYear !== undefined ? { expirationYear: c.expirationYear } : {}), ...(c.holder ? { holder: c.holder } : {}) } }
      : {}),
  };
}
