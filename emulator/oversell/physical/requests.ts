import { z } from 'zod';
import { AppError } from '../../core/errors/app-error.js';
import type { PhysicalKind } from './model.js';

// POST /__emulator/physical/<kind> takes one event, or `{ "events": [...] }` (up to MAX_BATCH). Every event of a
// batch is checked before any is applied: a malformed one is a 400 naming its index and field, and nothing changes.

export const MAX_BATCH = 10_000;

const ref = (name: string) =>
  z
    .string(`${name} must be a string`)
    .min(1, `${name} is empty`)
    .max(128, `${name} is longer than 128 characters`)
    .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, `${name} holds control characters`);
const units = (name: string, min: 'positive' | 'zero') => {
  const base = z
    .number(`${name} must be a number`)
    .finite(`${name} must be finite`)
    .max(1_000_000_000, `${name} is above 1000000000`)
    // OCI's quantities carry three decimals: a finer one would be rounded away and leave a unit without a cause.
    .refine((n) => Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6, `${name} has more than three decimals`);
  return min === 'positive' ? base.positive(`${name} must be above 0`) : base.min(0, `${name} must not be negative`);
};
const tenantGroupId = ref('tenantGroupId').optional();

const count = z.strictObject({ tenantGroupId, location: ref('location'), sku: ref('sku'), onHand: units('onHand', 'zero') });
const movement = z.strictObject({ tenantGroupId, location: ref('location'), sku: ref('sku'), quantity: units('quantity', 'positive') });
const order = z.strictObject({
  tenantGroupId,
  channel: ref('channel').default('other'),
  orderRef: ref('orderRef'),
  place: ref('place'),
  lines: z
    .array(z.strictObject({ sku: ref('sku'), quantity: units('quantity', 'positive') }), 'lines must be a list')
    .min(1, 'lines is empty')
    .max(50, 'lines has more than 50 entries'),
});

const SCHEMAS: Record<PhysicalKind, z.ZodType> = { counts: count, receipts: movement, shipments: movement, 'pos-sales': movement, orders: order };

/** The events of a call, checked; `single` when the body was one event (a refusal is then the call's answer). */
export function physicalEvents(kind: PhysicalKind, body: unknown): { events: unknown[]; single: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be one event or { "events": [...] }.');
  const batch = Object.hasOwn(body, 'events');
  if (batch && Object.keys(body).length !== 1) throw invalid('A batch holds only "events".');
  const raw = batch ? (body as { events: unknown }).events : body;
  if (batch && !Array.isArray(raw)) throw invalid('events must be a list.');
  const list = batch ? (raw as unknown[]) : [raw];
  if (list.length > MAX_BATCH) throw invalid(`events holds ${list.length} events; at most ${MAX_BATCH} per call.`);
  const schema = SCHEMAS[kind];
  const events = list.map((event, index) => {
    const parsed = schema.safeParse(event);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw invalid(batch ? `events[${index}]: ${issue.message}${where}` : `${issue.message}${where}`);
  });
  return { events, single: !batch };
}

function invalid(message: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', message);
}
