import type { JWK } from 'jose';

// What Account Manager's OAuth 2 surface shows besides tokens: the signing keys and the discovery document.

export function jwks(publicJwk: JWK) {
  return { keys: [publicJwk] };
}

// Only what this emulator serves: it issues client_credentials tokens and has no authorization endpoint, so it
// names none and no response type (the field stays: discovery documents must carry it).
export function discoveryDocument(origin: string, issuer: string) {
  const base = `${origin}/dwsso/oauth2`;
  return {
    issuer,
    token_endpoint: `${base}/access_token`,
    jwks_uri: `${base}/connect/jwk_uri`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: [],
    subject_types_supported: ['public'],
    scopes_supported: ['mail', 'roles', 'tenantFilter', 'openid', 'profile'],
  };
}
