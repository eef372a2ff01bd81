// SLAS (Shopper Login and API Access Service) of a B2C instance (namespace `b2c-slas.<instanceId>`): its clients,
// the authorization codes a guest login hands out, and the refresh tokens it issued.

export const SLAS_JOURNAL = 'b2c-slas';
export const slasNamespace = (instanceId: string) => `${SLAS_JOURNAL}.${instanceId}`;

export interface SlasClient {
  id: string;
  name: string;
  /**
   * A private client authenticates with its secret (HTTP Basic), kept only as a salted hash (the salt is the
   * client id); a public one (a browser app) has none and uses PKCE.
   */
  secretHash?: string;
  redirectUris: string[];
  /** The sites (channels) it may get tokens for; `*` for all. */
  channels: string[];
  scopes: string[];
  createdAt: string;
}

export interface AuthorizationCode {
  clientId: string;
  challenge: string | undefined;
  redirectUri: string;
  usid: string;
  customerId: string;
  channelId: string | undefined;
  dnt: boolean;
  expiresAt: number;
}

export interface RefreshGrant {
  clientId: string;
  usid: string;
  customerId: string;
  channelId: string;
  dnt: boolean;
  /** A public client's refresh token is single use; a private client's is returned again. */
  singleUse: boolean;
  expiresAt: number;
}

/** SLAS as a fixture writes it (plain JSON); kept journaled from its first use (stored-slas.ts). */
export interface SlasState {
  clients: Record<string, SlasClient>;
  codes: Record<string, AuthorizationCode>;
  refreshTokens: Record<string, RefreshGrant>;
  /** Access tokens a logout revoked (by jti), until they would have expired anyway (epoch ms). */
  revoked?: Record<string, number>;
}

/** SLAS: access tokens live 30 minutes, a guest's refresh token 30 days, an authorization code 10 minutes. */
export const ACCESS_TOKEN_SECONDS = 1800;
export const GUEST_REFRESH_SECONDS = 30 * 86_400;
export const CODE_MS = 10 * 60_000;

export const DEFAULT_SHOPPER_SCOPES = ['sfcc.shopper-products', 'sfcc.shopper-baskets-orders.rw', 'sfcc.shopper-stores', 'sfcc.shopper-availability', 'sfcc.shopper-customers.login', 'sfcc.shopper-myaccount.rw'];
