import type { JWTPayload } from 'jose';
import type { ShopperPrincipal } from '../../core/auth/principal.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';

// A verified SLAS access token as the shopper it stands for: the client and usid from `sub`
// (`cc-slas::<tenant>::scid:<client>::usid:<usid>`), the guest customer and the site from `isb`
// (`…::gcid:<id>::chid:<site>`), the tenant from `iss` (`slas/prod/<tenant>`).

export const isSlasIssuer = (iss: string) => iss.startsWith('slas/prod/');

export function shopperPrincipal(payload: JWTPayload): ShopperPrincipal {
  const sub = typeof payload.sub === 'string' ? payload.sub : '';
  const isb = typeof payload.isb === 'string' ? payload.isb : '';
  const part = (text: string, key: string) => text.split('::').find((p) => p.startsWith(`${key}:`))?.slice(key.length + 1);
  const tenant = typeof payload.iss === 'string' ? payload.iss.slice('slas/prod/'.length) : '';
  const clientId = part(sub, 'scid');
  const usid = part(sub, 'usid');
  const siteId = part(isb, 'chid');
  if (!clientId || !usid || !siteId || !tenant || typeof payload.exp !== 'number') {
    throw new AppError(401, GenericCode.InvalidToken, 'The access token is invalid', { explain: 'a SLAS token without its client, usid, site or expiry' });
  }
  return {
    kind: 'shopper',
    clientId,
    usid,
    customerId: part(isb, 'gcid') ?? '',
    organizationId: `f_ecom_${tenant}`,
    siteId,
    scopes: new Set(typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : []),
    expiresAt: payload.exp * 1000,
    tokenId: typeof payload.jti === 'string' ? payload.jti : '',
  };
}
