import type { Request } from 'express';
import { z } from 'zod';
import { ClockRangeError } from '../core/clock.js';
import { DurationError, parseInstant } from '../core/duration.js';
import { AppError, GenericCode } from '../core/errors/app-error.js';
import type { JournalQuery } from '../core/journal.js';
import { ENFORCEMENTS, type EnforcementMode } from '../core/enforcement.js';
import { FIXTURE_NAMES } from '../../fixtures/index.js';

// What the control plane's calls take, checked with zod: a refusal is a 400 whose message names the input
// (`limit must be a non-negative integer`). Durations and instants are read by core's parsers; a value they or
// the clock refuse is a 400 too.

/** A string input; empty or absent is none. */
const text = (name: string) =>
  z
    .string(`${name} must be a string`)
    .nullish()
    .transform((v) => (v === '' || v === null ? undefined : v));
const required = (name: string) => text(name).pipe(z.string(`${name} is required`));
const count = (name: string) => {
  const message = `${name} must be a non-negative integer`;
  return text(name).pipe(z.coerce.number<string>(message).int(message).min(0, message).optional());
};
const instant = (name: string) =>
  text(name).transform((v, ctx) => {
    if (v === undefined) return undefined;
    try {
      return parseInstant(v);
    } catch (error) {
      if (!(error instanceof DurationError || error instanceof ClockRangeError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });

/** The first problem, in the order of the schema's fields, as a 400. */
function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(400, GenericCode.ValidationFailed, result.error.issues[0]!.message);
}

export function resetTenant(req: Request): string | undefined {
  return parse(text('tenant'), req.body?.tenant ?? req.query.tenant);
}

export function snapshotName(body: unknown): string {
  return parse(required('name'), (body as { name?: unknown } | undefined)?.name);
}

/** Whether a restore also takes the snapshot's instant. */
export function restoresClock(body: unknown): boolean {
  return parse(z.boolean('clock must be true or false').default(false), (body as { clock?: unknown } | undefined)?.clock ?? undefined);
}

const fixtureSchema = z.object({
  name: z.enum(FIXTURE_NAMES),
  seed: z.number().int().min(0).max(4_294_967_295).optional(),
  skus: z.number().int().positive().optional(),
  locations: z.number().int().positive().optional(),
});

/** Every problem, `field: what is wrong`, joined. */
export function fixtureRequest(body: unknown): z.infer<typeof fixtureSchema> {
  const parsed = fixtureSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError(400, GenericCode.ValidationFailed, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
}

const journalSchema = z.object({
  kind: text('kind').pipe(z.enum(['request', 'event'], 'kind must be request or event').optional()),
  type: text('type'),
  method: text('method'),
  path: text('path'),
  status: count('status'),
  tenant: text('tenant'),
  client: text('client'),
  api: text('api'),
  since: instant('since'),
  until: instant('until'),
  afterSeq: count('afterSeq'),
  limit: count('limit'),
});

export function journalQuery(query: Request['query']): JournalQuery {
  return parse(journalSchema, query);
}

export function outboxQuery(query: Request['query']): { to: string | undefined; tenant: string | undefined } {
  return parse(z.object({ to: text('to'), tenant: text('tenant') }), query);
}

/**
 * Runs `fn`, which reads a duration or an instant or moves the clock by one; a refused value (thrown, or rejected
 * by the clock) is a 400.
 */
export function timeInput<T>(fn: () => T): T {
  const refused = (error: unknown) => {
    if (error instanceof DurationError || error instanceof ClockRangeError) return new AppError(400, GenericCode.ValidationFailed, error.message);
    return error;
  };
  try {
    const result = fn();
    return (result instanceof Promise ? result.catch((error: unknown) => Promise.reject(refused(error))) : result) as T;
  } catch (error) {
    throw refused(error);
  }
}

/** PUT /__emulator/enforcement: `{"enforcement": "strict" | "lenient"}`. */
export function enforcementInput(body: unknown): EnforcementMode {
  return parse(z.enum(ENFORCEMENTS, "enforcement must be 'strict' or 'lenient'"), (body as { enforcement?: unknown } | undefined)?.enforcement);
}

/** `settle`: wait for the background work the move started (true/false, as JSON or a query string). */
export function settleFlag(value: unknown): boolean {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new AppError(400, GenericCode.ValidationFailed, 'settle must be true or false');
}
