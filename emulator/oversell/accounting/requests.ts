import { z } from 'zod';
import { AppError } from '../../core/errors/app-error.js';

// GET /__emulator/oversell and GET /__emulator/physical take filters (tenantGroupId, place or location, sku), a
// limit on what they list, and the format. A filter given twice or a bad limit is a 400 naming it.

export interface OversellQuery {
  tenantGroupId?: string;
  place?: string;
  sku?: string;
  limit: number;
  format: 'json' | 'text';
}

const one = (name: string) => z.string(`${name} must be given once`).min(1, `${name} is empty`).optional();
const limit = z
  .string('limit must be given once')
  .regex(/^\d{1,7}$/, 'limit must be an integer from 1 to 1000000')
  .transform(Number)
  .pipe(z.number().min(1, 'limit must be an integer from 1 to 1000000'))
  .optional();

const oversellSchema = z.object({
  tenantGroupId: one('tenantGroupId'),
  place: one('place'),
  sku: one('sku'),
  limit,
  format: z.enum(['json', 'text'], "format must be 'json' or 'text'").optional(),
});

const physicalSchema = z.object({ tenantGroupId: one('tenantGroupId'), location: one('location'), sku: one('sku'), limit });

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new AppError(400, 'VALIDATION_FAILED', parsed.error.issues[0]!.message);
  return parsed.data;
}

export function oversellQuery(input: unknown): OversellQuery {
  const q = parse(oversellSchema, input);
  return { ...defined({ tenantGroupId: q.tenantGroupId, place: q.place, sku: q.sku }), limit: q.limit ?? 1000, format: q.format ?? 'json' };
}

export interface PhysicalQuery {
  tenantGroupId?: string;
  location?: string;
  sku?: string;
  limit: number;
}

export function physicalQuery(input: unknown): PhysicalQuery {
  const q = parse(physicalSchema, input);
  return { ...defined({ tenantGroupId: q.tenantGroupId, location: q.location, sku: q.sku }), limit: q.limit ?? 1000 };
}

function defined<T extends Record<string, string | undefined>>(o: T): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}
