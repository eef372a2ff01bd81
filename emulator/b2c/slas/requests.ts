import { z } from 'zod';

// What SLAS's guest endpoints take: authorize's query, token's form body (each parameter at most once).

/** SLAS issues UUIDs; a usid names the shopper inside the token's subject, so nothing but letters, digits and -. */
const usid = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be 1 to 64 letters, digits or -');
const param = (max: number) => z.string('must be a string').min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const authorizeQuery = z.object({
  client_id: param(40),
  response_type: z.literal('code', "must be 'code'"),
  redirect_uri: param(256).refine((uri) => URL.canParse(uri), 'must be an absolute URI'),
  hint: param(40).optional(),
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, 'must be base64url, 43 to 128 characters').optional(),
  state: param(512).optional(),
  usid: usid.optional(),
  channel_id: param(100).optional(),
  scope: param(1000).optional(),
  ui_locales: param(100).optional(),
});
export type AuthorizeParams = z.infer<typeof authorizeQuery>;

export const tokenForm = z.object({
  grant_type: z.enum(['authorization_code_pkce', 'client_credentials', 'refresh_token'], "must be 'authorization_code_pkce', 'client_credentials' or 'refresh_token'"),
  client_id: param(40).optional(),
  code: param(256).optional(),
  code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be 43 to 128 unreserved characters').optional(),
  redirect_uri: param(256).optional(),
  refresh_token: param(256).optional(),
  channel_id: param(100).optional(),
  usid: usid.optional(),
  dnt: z.enum(['true', 'false']).optional(),
});
export type TokenParams = z.infer<typeof tokenForm>;

export const logoutQuery = z.object({ client_id: param(40), refresh_token: param(256), channel_id: param(100).optional(), hint: param(40).optional() });

/** A form body or a query string as one value per key (a repeated key is refused, not guessed at). */
export function singleValues(entries: Iterable<[string, string]>): Record<string, string> | string {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of entries) {
    if (key in out) return key;
    out[key] = value;
  }
  return out;
}
