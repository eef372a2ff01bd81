import { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '../model.js';

// Requests of the Account Manager API Clients API: the bodies of create, partial update and password change with
// the spec's limits, and the list's paging and expansion query parameters.

const stringList = z.array(z.string());
const uniqueList = stringList.refine((list) => new Set(list).size === list.length, { message: 'must not contain duplicate elements' });

const common = {
  name: z.string().min(1).max(200),
  description: z.string().max(256),
  jwtPublicKey: z.string().max(8192).nullable(),
  redirectUrls: stringList,
  scopes: stringList,
  defaultScopes: stringList,
  organizations: uniqueList,
  active: z.boolean(),
  versionControl: stringList,
  roles: uniqueList,
  roleTenantFilter: z.string().nullable(),
  tokenEndpointAuthMethod: z.enum(TOKEN_ENDPOINT_AUTH_METHODS),
  /** Not in the API spec: the UI's "Access Token Format", accepted here so scripts can set it. */
  tokenFormat: z.enum(['JWT', 'UUID']),
};

// The spec's update example also carries a password, so an update may change it.
export const apiClientUpdateSchema = z.object(common).partial().extend({ password: z.string().optional() });

export const apiClientCreateSchema = apiClientUpdateSchema.extend({
  name: common.name,
  organizations: common.organizations,
  password: z.string(),
});

export const passwordChangeSchema = z.object({ old: z.string(), new: z.string() });

export type ApiClientUpdate = z.infer<typeof apiClientUpdateSchema>;
export type ApiClientCreate = z.infer<typeof apiClientCreateSchema>;

const PAGING = { page: { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }, size: { min: 1, max: 4000, fallback: 20 } } as const;
const paged = (name: keyof typeof PAGING) => z.coerce.number().int().min(PAGING[name].min).max(PAGING[name].max).default(PAGING[name].fallback);
const listQuery = z.object({ page: paged('page'), size: paged('size') });

/** `page`/`size` as plain query parameters, or nested as `pageable[page]` the way some generators send them. */
export function listParams(query: Record<string, unknown>): { page: number; size: number } {
  const pageable = query.pageable as Record<string, unknown> | undefined;
  const pick = (name: keyof typeof PAGING) => query[name] ?? query[`pageable[${name}]`] ?? pageable?.[name];
  const raw = { page: pick('page'), size: pick('size') };
  const result = listQuery.safeParse(raw);
  if (result.success) return result.data;
  const name = result.error.issues[0]!.path[0] as keyof typeof PAGING;
  const { min, max } = PAGING[name];
  throw new AppError(400, GenericCode.ValidationFailed, `${name} must be an integer between ${min} and ${max}`, { explain: `${name}=${String(raw[name])}` });
}

/** `expand=organizations,roles`, given once or repeated. */
export function expandParam(raw: unknown): string[] {
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  return values.flatMap((v) => v.split(',')).map((v) => v.trim());
}
