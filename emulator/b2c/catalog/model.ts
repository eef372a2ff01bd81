// The instance's product catalog (namespace `b2c-catalog.<instanceId>`): the products a storefront sells, whose ids
// are the SKUs OCI knows (a master product is the one exception: it is sold through its variants). Kept journaled
// by product, since a generated world has a product per SKU.

export const CATALOG_JOURNAL = 'b2c-catalog';
export const catalogNamespace = (instanceId: string) => `${CATALOG_JOURNAL}.${instanceId}`;

export type ProductKind = 'item' | 'master' | 'variant';

export interface VariationAttribute {
  id: string;
  name: string;
  values: string[];
}

export interface Product {
  id: string;
  name: string;
  /** List price in `currency`. */
  price: number;
  currency: string;
  online: boolean;
  kind: ProductKind;
  brand?: string;
  /** A variant's master. */
  masterId?: string;
  /** A variant's value of each variation attribute (`color: "navy"`). */
  variationValues?: Record<string, string>;
  /** A master's variants, and the attributes they vary by. */
  variants?: string[];
  variationAttributes?: VariationAttribute[];
  createdAt: string;
  lastModified: string;
}

/** The catalog as fixtures write it (plain JSON), before it is first used. */
export interface PlainCatalog {
  products: Record<string, Product>;
}
