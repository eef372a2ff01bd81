import { z } from 'zod';
import { parseBody } from '../../core/http/parse-body.js';
import type { StatusTarget } from './service.js';

// Bodies and parameters of Shopper Orders and of the admin status changes (Orders Admin, OCAPI Data).

export function parseCreateOrder(body: unknown): string {
  return parseBody(z.looseObject({ basketId: z.string('must be a string').min(1, 'must not be empty').max(256, 'is too long') }), body).basketId;
}

const REASONS = ['payment_confirm_failure', 'payment_capture_failure', 'payment_auth_failure'] as const;

export function parseFail(body: unknown, query: Record<string, unknown>): { reopen: boolean } {
  parseBody(z.looseObject({ reasonCode: z.enum(REASONS, `must be one of ${REASONS.join(', ')}`) }), body);
  const q = parseBody(z.looseObject({ reopenBasket: z.enum(['true', 'false'], "must be 'true' or 'false'").optional() }), query);
  return { reopen: q.reopenBasket === 'true' };
}

const STATUSES = ['created', 'new', 'open', 'completed', 'cancelled', 'failed', 'failed_with_reopen'] as const;

export function parseStatus(body: unknown): StatusTarget {
  return parseBody(z.looseObject({ status: z.enum(STATUSES, `must be one of ${STATUSES.join(', ')}`) }), body).status;
}

const EXPORT = ['exported', 'not_exported', 'ready', 'failed'] as const;

export function parseExportStatus(body: unknown): (typeof EXPORT)[number] {
  return parseBody(z.looseObject({ status: z.enum(EXPORT, `must be one of ${EXPORT.join(', ')}`) }), body).status;
}
