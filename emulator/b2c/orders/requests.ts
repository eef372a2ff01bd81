import { z } from 'zod';
import { parseBody } from '../../core/http/parse-body.js';
import type { StatusTarget } from './service.js';

// Bodies and parameters of Shopper Orders and of the admin status changes (Orders Admin, OCAPI Data).

// Schemas are built once: building one costs more than the order it checks.
const createOrderBody = z.looseObject({ basketId: z.string('must be a string').min(1, 'must not be empty').max(256, 'is too long') });

export function parseCreateOrder(body: unknown): string {
  return parseBody(createOrderBody, body).basketId;
}

const REASONS = ['payment_confirm_failure', 'payment_capture_failure', 'payment_auth_failure'] as const;

const failBody = z.looseObject({ reasonCode: z.enum(REASONS, `must be one of ${REASONS.join(', ')}`) });
const failQuery = z.looseObject({ reopenBasket: z.enum(['true', 'false'], "must be 'true' or 'false'").optional() });

export function parseFail(body: unknown, query: Record<string, unknown>): { reopen: boolean } {
  parseBody(failBody, body);
  const q = parseBody(failQuery, query);
  return { reopen: q.reopenBasket === 'true' };
}

// OCAPI Data (25.6) takes `open`; Orders Admin's enum does not.
const OCAPI_STATUSES = ['created', 'new', 'open', 'completed', 'cancelled', 'failed', 'failed_with_reopen'] as const;
const ADMIN_STATUSES = ['created', 'new', 'completed', 'cancelled', 'failed', 'failed_with_reopen'] as const;
const ocapiStatusBody = z.looseObject({ status: z.enum(OCAPI_STATUSES, `must be one of ${OCAPI_STATUSES.join(', ')}`) });
const adminStatusBody = z.looseObject({ status: z.enum(ADMIN_STATUSES, `must be one of ${ADMIN_STATUSES.join(', ')}`) });

export function parseStatus(body: unknown, api: 'ocapi' | 'orders-admin'): StatusTarget {
  return parseBody(api === 'ocapi' ? ocapiStatusBody : adminStatusBody, body).status;
}

const EXPORT = ['exported', 'not_exported', 'ready', 'failed'] as const;

const exportBody = z.looseObject({ status: z.enum(EXPORT, `must be one of ${EXPORT.join(', ')}`) });

export function parseExportStatus(body: unknown): (typeof EXPORT)[number] {
  return parseBody(exportBody, body).status;
}
