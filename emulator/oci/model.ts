
// What OCI holds per tenant group (namespace `oci.<tenantGroupId>`): the published location graph, availability
// records per location and SKU, product-segmentation exclusions and the request ids already applied.
// The change feed lives beside it (namespace `oci-feed.<tenantGroupId>`), see change-feed/.

export const ociNamespace = (tenantGroupId: string) => `oci.${tenantGroupId}`;

export interface OciLocation {
  /** External Reference: the id every OCI API uses for the place. */
  id: string;
  name: string;
}

export interface OciGroup {
  id: string;
  name: string;
  locations: string[];
}

export interface OciFuture {
  quantity: number;
  expectedDate: string;
}

/**
 * The one empty futures list records share (most have none): a large world then holds one array instead of
 * millions. Frozen, because futures are always replaced, never edited in place.
 */
export const NO_FUTURES: OciFuture[] = Object.freeze([]) as unknown as OciFuture[];

export interface OciRecord {
  onHand: number;
  safetyStockCount: number;
  /** When onHand was true at the location, as the caller wrote it. */
  effectiveDate?: string;
  futures: OciFuture[];
  /** Reserved at this location: location reservations and quantities transferred to it from groups. */
  reserved: number;
  /** Stock held here for reservations placed at groups, by group id; not part of the location's own `reserved`. */
  groupHolds?: Record<string, number>;
}

export interface AppliedRequest {
  /** Epoch ms (the virtual clock's) when it was applied. */
  at: number;
  /** A digest of what was asked, so a reused id with another body is recognised. */
  digest: string;
}

