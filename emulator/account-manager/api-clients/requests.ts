import { z } from 'zod';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '../model.js';

// Request bodies of the Account Manager API Clients API (create and partial update), with the spec's limits.

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

/** Account Manager's Spring-style field error. */
export interface FieldError {
  codes: string[];
  arguments: null;
  defaultMessage: string;
  objectName: 'APIClient';
  field: string;
  rejectedValue: unknown;
  bindingFailure: boolean;
  code: string;
}

export function fieldError(field: string, code: string, message: string, rejectedValue: unknown, bindingFailure = false): FieldError {
  return {
    codes: [`${code}.APIClient.${field}`, `${code}.${field}`, code],
    arguments: null,
    defaultMessage: message,
    objectName: 'APIClient',
    field,
    rejectedValue: rejectedValue === undefined ? null : rejectedValue,
    bindingFailure,
    code,
  };
}

/** zod issues in Account Manager's words. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], input: unknown): FieldError[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'APIClient';
    const rejected = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined), input);
    if (issue.code === 'invalid_type' && rejected === undefined) return fieldError(field, 'NotNull', 'must not be null', null);
    if (issue.code === 'invalid_type') return fieldError(field, 'typeMismatch', `must be of type ${issue.expected}`, rejected, true);
    if (issue.code === 'too_small' || issue.code === 'too_big') return fieldError(field, 'Size', issue.message, rejected);
    return fieldError(field, 'Invalid', issue.message, rejected);
  });
}
