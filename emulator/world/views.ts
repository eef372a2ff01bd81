import type { Store } from '../core/store/store.js';
import { recordedFixture, WORLD_NAMESPACE, type WorldInfo } from './model.js';

// The whole current world as one JSON document (GET /__emulator/world): orgs, tenant groups, instances, hosts,
// short codes and the demo credentials, with ready-to-use URLs on this emulator. Scripts read this instead of
// scraping the README.

export function worldDocument(store: Store, baseUrl: string, sections: readonly Record<string, unknown>[]) {
  const info = store.get<WorldInfo>(WORLD_NAMESPACE);
  const tokenUrl = `${baseUrl}/dwsso/oauth2/access_token`;
  return {
    emulator: { baseUrl },
    fixture: recordedFixture(info) ?? null,
    // Each product describes its own part (PartyRuntime.describe): this file reads none of their namespaces.
    ...Object.assign({}, ...sections),
    orgCredentials: info?.org
      ? {
          ...info.org,
          jwtBearer: {
            note: 'Sign an RS256 JWT with privateKeyPem: iss = consumerKey, sub = a username, aud = loginUrl (or https://login.salesforce.com), exp = now + 3 minutes',
            audiences: ['https://login.salesforce.com', 'https://test.salesforce.com', baseUrl],
          },
        }
      : null,
    shopperCredentials: info?.slas
      ? {
          ...info.slas,
          guestTokenCurl: `curl -s -u '${info.slas.privateClient.id}:${info.slas.privateClient.secret}' -d grant_type=client_credentials -d channel_id=${info.slas.siteId} '${baseUrl}/shopper/auth/v1/organizations/${info.slas.organizationId}/oauth2/token'`,
        }
      : null,
    credentials: (info?.credentials ?? []).map((c) => ({
      ...c,
      curl: `curl -s -u '${c.clientId}:${c.clientSecret}' --data-urlencode 'grant_type=client_credentials' --data-urlencode 'scope=${c.scope}' '${tokenUrl}'`,
    })),
  };
}

export type WorldDocument = ReturnType<typeof worldDocument> & Record<string, unknown>;
