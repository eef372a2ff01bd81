import type { NativeRecord } from '../model.js';
import type { OciView } from '../oci-cache/mapping.js';

// A product's record as Business Manager and OCAPI see it: the native record (B2C's own), the cached OCI data, or
// both side by side, and which of them the storefront reads in the instance's mode.

export type Source = 'native' | 'oci-cache';

export interface ProductRecord {
  listId: string;
  productId: string;
  native: NativeRecord | undefined;
  oci: OciView | undefined;
}

/** Records tab paging: BM shows 25 rows a page by default. */
export const DEFAULT_PAGE = 25;
export const MAX_PAGE = 200;
