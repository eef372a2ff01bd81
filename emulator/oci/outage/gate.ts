import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { LaneHandler, LaneNext } from '../../core/http/fast-lane.js';
import { DEFAULT_DELAY_MS, DEFAULT_RETRY_AFTER_SECONDS, type OutageFault } from './model.js';

// The outage as an OCI client meets it: the first handler of every OCI route, on Express and on the fast lane
// alike (it reads nothing of either), before the token is even looked at, so a request during a fault costs one
// walk of a tiny list. down and throttle refuse in the API's own dialect (the Commerce API's problem+json, or
// Salesforce REST for the org's Connect resources); slow lets the request through after a real delay, because
// the client's timeout that the fault is there to exercise runs on real time.

export interface OutageRefusals {
  down(fault: OutageFault): AppError;
  throttle(fault: OutageFault, retryAfterSeconds: number): AppError;
}

const explain = (fault: OutageFault) =>
  `an OCI outage fault (${fault.kind}) is active ${fault.until === undefined ? 'until cleared' : `until ${new Date(fault.until).toISOString()}`}; DELETE /__emulator/faults/oci ends it`;

/** The Commerce API's words (OCI dialect): `ServiceUnavailable` and `TooManyRequests`. */
export const COMMERCE_REFUSALS: OutageRefusals = {
  down: (fault) => new AppError(503, GenericCode.ServiceUnavailable, 'Omnichannel Inventory is unavailable.', { explain: explain(fault) }),
  throttle: (fault, seconds) =>
    new AppError(429, 'TooManyRequests', `Too many requests. Retry after ${seconds} seconds.`, { headers: { 'Retry-After': String(seconds) }, explain: explain(fault) }),
};

/** Salesforce REST's words for the org's Connect resources: SERVER_UNAVAILABLE and REQUEST_LIMIT_EXCEEDED. */
export const CONNECT_REFUSALS: OutageRefusals = {
  down: (fault) => new AppError(503, GenericCode.ServiceUnavailable, 'Omnichannel Inventory is unavailable.', { explain: explain(fault) }),
  throttle: (fault, seconds) =>
    new AppError(429, 'REQUEST_LIMIT_EXCEEDED', `Too many requests. Retry after ${seconds} seconds.`, { headers: { 'Retry-After': String(seconds) }, explain: explain(fault) }),
};

/**
 * A handler that refuses or delays while a fault is in force. Its request and response are `unknown` (it reads
 * neither), so the same function is an Express handler and a lane handler.
 */
export function outageGate(current: () => OutageFault | undefined, refusals: OutageRefusals): (req: unknown, res: unknown, next: LaneNext) => void {
  return (_req, _res, next) => {
    const fault = current();
    if (fault === undefined) return next();
    if (fault.kind === 'down') return next(refusals.down(fault));
    if (fault.kind === 'throttle') return next(refusals.throttle(fault, fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
    setTimeout(() => next(), fault.delayMs ?? DEFAULT_DELAY_MS);
  };
}

/**
 * `gate` then `handler`, as one handler (a route chain keeps its length and its guard stays its first handler).
 * After a slow fault's delay the handler runs from a timer, where a throw would escape both Express and the lane:
 * it becomes the request's error instead.
 */
export function gated(gate: LaneHandler, handler: LaneHandler): LaneHandler {
  return (req, res, next) =>
    gate(req, res, (error) => {
      if (error) return next(error);
      try {
        handler(req, res, next);
      } catch (thrown) {
        next(thrown);
      }
    });
}
