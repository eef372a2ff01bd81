import type { Dialect } from '../dialect.js';
import { amRestDialect } from './am-rest.js';
import { controlDialect } from './control.js';
import { oauthDialect } from './oauth.js';
import { ocapiDialect } from './ocapi.js';
import { ociDialect, ociImpexDialect } from './oci.js';
import { salesforceOAuthDialect } from './salesforce-oauth.js';
import { salesforceRestDialect } from './salesforce-rest.js';
import { scapiDialect } from './scapi.js';

/** The API family a path belongs to (by its prefix): picks the dialect, the routers, the journal's `api`. */
export type ApiFamily = 'control' | 'account-manager' | 'salesforce-org' | 'oci' | 'b2c' | 'unknown';

// Which API a path belongs to, read once per request. The prefixes of the four products do not overlap,
// which is what lets one port serve them all. First match wins.
const BY_PREFIX: ReadonlyArray<readonly [prefix: string, dialect: Dialect, api: ApiFamily]> = [
  ['/__emulator', controlDialect, 'control'],
  ['/dwsso/', oauthDialect, 'account-manager'],
  ['/dw/oauth2/', oauthDialect, 'account-manager'],
  ['/dw/rest/', amRestDialect, 'account-manager'],
  ['/services/oauth2/', salesforceOAuthDialect, 'salesforce-org'],
  ['/services/', salesforceRestDialect, 'salesforce-org'],
  ['/lightning/', controlDialect, 'salesforce-org'],
  ['/inventory/impex/', ociImpexDialect, 'oci'],
  ['/inventory/', ociDialect, 'oci'],
  ['/s/', ocapiDialect, 'b2c'],
  ['/on/', controlDialect, 'b2c'],
  ['/shopper/', scapiDialect, 'b2c'],
  ['/product/', scapiDialect, 'b2c'],
  ['/checkout/', scapiDialect, 'b2c'],
  ['/store/', scapiDialect, 'b2c'],
  ['/customer/', scapiDialect, 'b2c'],
];

export function routeOf(path: string): { dialect: Dialect; api: ApiFamily } {
  for (const [prefix, dialect, api] of BY_PREFIX) {
    if (path.startsWith(prefix) || path === prefix.replace(/\/$/, '')) return { dialect, api };
  }
  return { dialect: controlDialect, api: 'unknown' };
}

export function dialectForPath(path: string): Dialect {
  return routeOf(path).dialect;
}

export { amRestDialect, controlDialect, oauthDialect, ocapiDialect, ociDialect, ociImpexDialect, salesforceOAuthDialect, salesforceRestDialect, scapiDialect };
