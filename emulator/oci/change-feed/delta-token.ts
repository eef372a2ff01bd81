import { ociError } from '../errors.js';
import type { PlaceKind } from './model.js';

// Delta tokens are opaque to clients: base64url JSON of the places they follow, the feed position and when the
// token was issued. They are valid for 23.5 hours on the emulator's clock.

export const DELTA_TOKEN_LIFETIME_MS = 23.5 * 3_600_000;

export interface DeltaToken {
  tenantGroupId: string;
  placeType: PlaceKind;
  places: string[];
  cursor: number;
  issuedAt: number;
}

interface Wire {
  v: 1;
  tg: string;
  pt: 'g' | 'l';
  ids: string[];
  c: number;
  iat: number;
}

export function encodeDeltaToken(token: DeltaToken): string {
  const wire: Wire = { v: 1, tg: token.tenantGroupId, pt: token.placeType === 'group' ? 'g' : 'l', ids: token.places, c: token.cursor, iat: token.issuedAt };
  return Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

export function decodeDeltaToken(text: string, tenantGroupId: string, now: number): DeltaToken {
  let wire: Wire;
  try {
    wire = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Wire;
  } catch {
    throw invalid();
  }
  const valid =
    wire?.v === 1 &&
    typeof wire.tg === 'string' &&
    (wire.pt === 'g' || wire.pt === 'l') &&
    Array.isArray(wire.ids) &&
    wire.ids.every((id) => typeof id === 'string') &&
    Number.isInteger(wire.c) &&
    Number.isFinite(wire.iat);
  if (!valid || wire.tg !== tenantGroupId) throw invalid();
  if (now - wire.iat > DELTA_TOKEN_LIFETIME_MS) {
    throw ociError(410, 'ExpiredDeltaLink', 'The delta token provided has expired.', {}, `issued ${new Date(wire.iat).toISOString()}, valid 23.5 h`);
  }
  return { tenantGroupId: wire.tg, placeType: wire.pt === 'g' ? 'group' : 'location', places: wire.ids, cursor: wire.c, issuedAt: wire.iat };
}

function invalid() {
  return ociError(400, 'InvalidRequestParameter', 'The delta token provided is invalid.', { parameterName: 'deltaToken' });
}
