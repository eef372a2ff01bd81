import type { Response } from 'express';
import { clientOf } from './auth/require-auth.js';

// The request whose handler is running right now, so a domain event it causes carries that request's correlation
// id and client (the sequence checker reports "done by whom, in which request"). Set only around the synchronous
// run of a changing handler (resource() wraps the last handler of every non-GET chain): events emitted there are
// tagged; an event from a later callback or a clock job carries none rather than a wrong one. Cheaper than
// AsyncLocalStorage, which on Node 20 hooks every promise of every request.

export interface ActiveRequest {
  correlationId: string;
  /** Set when the emulator made the correlation id up (the journal keeps the number). */
  correlationSeq: number | undefined;
  client: string | undefined;
}

/** What the request keeps on its way through (Express's response or the fast lane's, which share `locals`). */
type Holder = Pick<Response, 'locals'>;

let active: Holder | undefined;

/** Runs `fn` with `res`'s request as the active one (nesting restores the outer one). */
export function withActiveRequest<T>(res: Holder, fn: () => T): T {
  const outer = active;
  active = res;
  try {
    return fn();
  } finally {
    active = outer;
  }
}

/** The request whose handler is running synchronously now, if any. */
export function activeRequest(): ActiveRequest | undefined {
  if (!active) return undefined;
  const locals = active.locals;
  return { correlationId: locals.correlationId, correlationSeq: locals.correlationSeq, client: clientOf(locals.principal) ?? locals.clientId };
}
