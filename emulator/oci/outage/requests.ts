import { z } from 'zod';
import { parseBody } from '../../core/http/parse-body.js';
import { parseRfc3339 } from '../../core/instant.js';
import { MAX_DELAY_MS, MAX_RETRY_AFTER_SECONDS, OUTAGE_KINDS, type ScheduleInput } from './model.js';

// POST /__emulator/faults/oci: the body, checked field by field (a refusal is a 400 in the control plane's dialect
// naming the field). Whether `until` comes after `from` needs the clock when `from` is left out: the service checks it.

/** Ten years: longer than any test wants, short enough that `from` plus it stays an instant the clock can show. */
const MAX_DURATION_SECONDS = 10 * 365 * 24 * 3600;

const instant = z.string('must be an RFC 3339 date-time such as "2026-03-02T09:00:00Z"').transform((v, ctx) => {
  const ms = parseRfc3339(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `must be an RFC 3339 date-time such as "2026-03-02T09:00:00Z", got ${JSON.stringify(v.slice(0, 64))}` });
    return z.NEVER;
  }
  return ms;
});

const FIELDS = 'kind, from, until, durationSeconds, delayMs, retryAfterSeconds';

const scheduleBody = z
  .strictObject(
    {
      kind: z.enum(OUTAGE_KINDS, `must be one of ${OUTAGE_KINDS.join(', ')}`),
      from: instant.optional(),
      until: instant.optional(),
      durationSeconds: z.number('must be a number of seconds').positive('must be more than 0').max(MAX_DURATION_SECONDS, `must be at most ${MAX_DURATION_SECONDS}`).optional(),
      delayMs: z.number('must be a number').int('must be a whole number of milliseconds').min(1, 'must be at least 1').max(MAX_DELAY_MS, `must be at most ${MAX_DELAY_MS}`).optional(),
      retryAfterSeconds: z
        .number('must be a number')
        .int('must be a whole number of seconds')
        .min(1, 'must be at least 1')
        .max(MAX_RETRY_AFTER_SECONDS, `must be at most ${MAX_RETRY_AFTER_SECONDS}`)
        .optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (the fields are ${FIELDS})` : `must be a JSON object with ${FIELDS}`) },
  )
  .superRefine((b, ctx) => {
    if (b.until !== undefined && b.durationSeconds !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['durationSeconds'], message: 'give either until or durationSeconds, not both' });
    }
    if (b.delayMs !== undefined && b.kind !== 'slow') ctx.addIssue({ code: 'custom', path: ['delayMs'], message: `only a slow window takes delayMs (this one is ${b.kind})` });
    if (b.retryAfterSeconds !== undefined && b.kind !== 'throttle') {
      ctx.addIssue({ code: 'custom', path: ['retryAfterSeconds'], message: `only a throttle window takes retryAfterSeconds (this one is ${b.kind})` });
    }
  });

export function parseSchedule(body: unknown): ScheduleInput {
  const b = parseBody(scheduleBody, body);
  return {
    kind: b.kind,
    ...(b.from !== undefined ? { from: b.from } : {}),
    ...(b.until !== undefined ? { until: b.until } : {}),
    ...(b.durationSeconds !== undefined ? { durationMs: Math.max(1, Math.round(b.durationSeconds * 1000)) } : {}),
    ...(b.delayMs !== undefined ? { delayMs: b.delayMs } : {}),
    ...(b.retryAfterSeconds !== undefined ? { retryAfterSeconds: b.retryAfterSeconds } : {}),
  };
}
