import type { JWK } from 'jose';

// SLAS's answers: the token response (every field SLAS always sends; a guest has no id or IdP tokens, so they are
// empty), the JWKS of its ES256 key, and the OpenID configuration of a tenant.

export interface TokenResponse {
  access_token: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_token_expires_in: number;
  token_type: 'Bearer';
  usid: string;
  customer_id: string;
  enc_user_id: string;
  idp_access_token: string;
  dnt: string;
}

export function tokenResponse(t: { accessToken: string; refreshToken: string; usid: string; customerId: string; expiresIn: number; refreshExpiresIn: number; dnt: boolean }): TokenResponse {
  return {
    access_token: t.accessToken,
    id_token: '',
    refresh_token: t.refreshToken,
    expires_in: t.expiresIn,
    refresh_token_expires_in: t.refreshExpiresIn,
    token_type: 'Bearer',
    usid: t.usid,
    customer_id: t.customerId,
    enc_user_id: '',
    idp_access_token: '',
    dnt: String(t.dnt),
  };
}

/** What logout answers: the tokens emptied, as SLAS's example shows. */
export const loggedOut = () => ({ access_token: '', id_token: 'null', refresh_token: '', expires_in: 0, refresh_token_expires_in: 0, token_type: 'Bearer', usid: 'null', customer_id: 'null', enc_user_id: 'null', idp_access_token: '', idp_refresh_token: 'null', dnt: 'null' });

export const jwks = (publicJwk: JWK) => ({ keys: [{ kty: publicJwk.kty, crv: publicJwk.crv, kid: publicJwk.kid, use: 'sig', alg: 'ES256', x: publicJwk.x, y: publicJwk.y }] });

export function openidConfiguration(base: string, instanceId: string) {
  return {
    issuer: `slas/prod/${instanceId}`,
    authorization_endpoint: `${base}/oauth2/authorize`,
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${base}/oauth2/jwks`,
    end_session_endpoint: `${base}/oauth2/logout`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code_pkce', 'client_credentials', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
    id_token_signing_alg_values_supported: ['ES256'],
    subject_types_supported: ['public'],
  };
}
