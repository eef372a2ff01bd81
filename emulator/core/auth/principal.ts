// Who is calling, once a bearer token has been checked. Each issuer of tokens makes its own kind.

export interface AccountManagerPrincipal {
  kind: 'account-manager';
  clientId: string;
  scopes: ReadonlySet<string>;
  /** The B2C instance named by `SALESFORCE_COMMERCE_API:<tenant>` when the token was requested. */
  tenant: string | undefined;
  roles: readonly string[];
  expiresAt: number;
}

/** A user session of a Salesforce org: an OAuth access token or a SOAP login session id. */
export interface SalesforceOrgPrincipal {
  kind: 'salesforce-org';
  orgId: string;
  userId: string;
  username: string;
  /** The connected app's consumer key; undefined for a SOAP login session. */
  clientId: string | undefined;
  /** Granted OAuth scopes; a SOAP session holds `full`. */
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

/** A shopper's session: a SLAS access token for one site (channel) of one B2C instance. */
export interface ShopperPrincipal {
  kind: 'shopper';
  /** The SLAS client the token was issued to. */
  clientId: string;
  usid: string;
  customerId: string;
  /** The organization id of the instance (`f_ecom_zzzz_001`) and the site the token is for (its `isb` chid). */
  organizationId: string;
  siteId: string;
  scopes: ReadonlySet<string>;
  expiresAt: number;
  /** The token's jti (a logout revokes it). */
  tokenId: string;
}

export type Principal = AccountManagerPrincipal | SalesforceOrgPrincipal | ShopperPrincipal;

export function principalLabel(p: Principal): string {
  return p.kind === 'salesforce-org' ? p.username : p.clientId;
}
