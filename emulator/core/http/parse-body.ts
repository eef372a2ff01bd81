import type { z } from 'zod';
import { AppError, GenericCode } from '../errors/app-error.js';

// A page or action body checked against its schema: the first problem as "field: what is wrong", a 400 the
// route's dialect renders. A missing body counts as an empty object, so required fields are named.

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new AppError(400, GenericCode.ValidationFailed, `${issue.path.join('.') || 'body'}: ${issue.message}`);
}
