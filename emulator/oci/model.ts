// What OCI holds per tenant group (namespace `oci.<tenantGroupId>`): the published location graph and the
// availability records per location and SKU.

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

export interface OciRecord {
  onHand: number;
  safetyStockCount: number;
  effectiveDate: string;
  futures: OciFuture[];
}

export interface OciTenantState {
  locations: Record<string, OciLocation>;
  groups: Record<string, OciGroup>;
  /** records[locationId][sku] */
  records: Record<string, Record<string, OciRecord>>;
}
