import type { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';

// Account Manager refuses an API client the way Spring does: 400 `invalid argument APIClient` with one field error
// per problem, whether the body's shape (zod) or a rule of the domain (unknown organization, weak password) failed.

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

export function invalid(fieldErrors: FieldError[]): AppError {
  return new AppError(400, GenericCode.ValidationFailed, 'invalid argument APIClient', {
    details: { fieldErrors },
    explain: fieldErrors.map((e) => `${e.field} ${e.defaultMessage}`).join('; '),
  });
}

/** A JSON object body checked against its schema; anything else is Spring's unreadable message. */
export function parseClientBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError(400, GenericCode.MalformedBody, 'Required request body is missing or is not a JSON object');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw invalid(toFieldErrors(result.error.issues, body));
  return result.data;
}
