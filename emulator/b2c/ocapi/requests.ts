import type { Request } from 'express';
import { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { DATE_TIME_EXAMPLE, isoDateTime } from '../time.js';

// What OCAPI Data requests share: the field types of its documents, a document checked in OCAPI's words
// (`Property 'x' must be …`, the property named in the fault's arguments), paging, and a document whose id
// contradicts the URL.

export const text = z.string('must be a string');
export const flag = z.boolean('must be true or false');
export const quantity = z.number('must be a number').finite('must be a finite number');
/** RFC 3339 (OCAPI's date-time format), a real date and time, stored in one form: UTC with milliseconds. */
export const dateTime = z.string('must be a date-time string').transform((s, ctx) => {
  const iso = isoDateTime(s, { offsetRequired: true });
  if (iso === undefined) ctx.addIssue({ code: 'custom', message: `must be an ISO 8601 date-time with a time zone, such as ${DATE_TIME_EXAMPLE}` });
  return iso ?? z.NEVER;
});

/** The body as the schema reads it; its first problem is a MalformedParameterException naming the property. */
export function parseDocument<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.join('.') || 'body';
  throw new AppError(400, GenericCode.ValidationFailed, `Property '${path}' ${issue.message}.`, { details: { property: { type: 'string', value: path } } });
}

/** A PUT's document: parsed, and its id (`idField`), when it has one, the same as the URL's. */
export function putDocument<T extends object>(schema: z.ZodType<T>, body: unknown, idField: keyof T, pathId: string): T {
  const doc = parseDocument(schema, body);
  const inBody = doc[idField];
  if (typeof inBody === 'string' && inBody !== pathId) {
    throw new AppError(400, 'IdConflictException', `The id '${inBody}' in the document does not match the id '${pathId}' in the URL.`, {
      details: { documentId: { type: 'string', value: inBody }, resourceId: { type: 'string', value: pathId } },
    });
  }
  return doc;
}

export const param = (req: Request, name: string) => String(req.params[name]);

export interface Paging {
  start: number;
  count: number;
}

const PAGING = { start: { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }, count: { min: 1, max: 200, fallback: 25 } } as const;
const paged = (name: keyof typeof PAGING) => z.coerce.number().int().min(PAGING[name].min).max(PAGING[name].max).default(PAGING[name].fallback);
const pagingQuery = z.object({ start: paged('start'), count: paged('count') });

/** `start` and `count` of a list resource. */
export function paging(req: Request): Paging {
  const raw = { start: req.query.start, count: req.query.count };
  const result = pagingQuery.safeParse(raw);
  if (result.success) return result.data;
  const name = result.error.issues[0]!.path[0] as keyof typeof PAGING;
  const { min, max } = PAGING[name];
  throw new AppError(400, 'InvalidParameterException', `'${name}' must be an integer from ${min} to ${max}.`, { details: { [name]: { type: 'string', value: String(raw[name]) } } });
}
