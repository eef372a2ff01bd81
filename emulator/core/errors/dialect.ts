import type { AppError } from './app-error.js';

/** The wire dialect's name (`oci`, `ocapi`, `oauth`…): the products name their own. */
export type DialectName = string;

export interface WireError {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface RequestFacts {
  method: string;
  path: string;
  /** The emulator's clock (epoch ms), for bodies that carry a timestamp. */
  now: number;
}

export interface Dialect {
  name: DialectName;
  render(error: AppError, request: RequestFacts): WireError;
}

export const SCAPI_ERROR_BASE = 'https://api.commercecloud.salesforce.com/documentation/error/v1/errors/';

/** `Bearer` challenge per RFC 6750, quoted values escaped. */
export function bearerChallenge(realm: string, error?: string, description?: string): string {
  const q = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;
  const parts = [`realm=${q(realm)}`];
  if (error) parts.push(`error=${q(error)}`);
  if (description) parts.push(`error_description=${q(description)}`);
  return `Bearer ${parts.join(', ')}`;
}
