import { AppError } from '../../core/errors/app-error.js';

// The checkout errors Shopper Baskets and Shopper Orders send, named by their SCAPI slug (the SCAPI dialect
// writes the title from it; OCAPI routes turn it into the fault type, e.g. OrderNotFoundException).

export const basketNotFound = (basketId: string) => new AppError(404, 'basket-not-found', `No basket with ID '${basketId}' could be found.`);

export const customerInvalid = () => new AppError(400, 'bad-request', 'The customer is invalid.', { explain: 'the basket or order belongs to another shopper' });

export const orderNotFound = (orderNo: string) => new AppError(404, 'order-not-found', `No order with number '${orderNo}' was found.`);

/** b2c-storefront-and-imports.md §3.3: observed on item POST and PATCH, reused at order creation. */
export function notAvailable(productId: string, why?: string): AppError {
  return new AppError(400, 'product-item-not-available', `Product '${productId}' is not available in the requested quantity.`, { details: { productId }, ...(why ? { explain: why } : {}) });
}

const LABEL: Record<string, string> = { created: 'Created', new: 'New', open: 'Open', completed: 'Completed', cancelled: 'Cancelled', replaced: 'Replaced', failed: 'Failed' };

export function statusTransition(orderNo: string, from: string, to: string): AppError {
  return new AppError(409, 'order-status-transition', `The order status change from '${LABEL[from] ?? from}' to '${LABEL[to] ?? to}' for order with number '${orderNo}' isn't supported.`);
}
