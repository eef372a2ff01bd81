import type { RequestHandler } from 'express';
import type { Store } from '../store/store.js';

// With --durable, no response leaves before the changes it acknowledges are on disk: the end of every
// response waits for the store's flush when the store has anything pending.
export function durableResponses(store: Store): RequestHandler {
  return (_req, res, next) => {
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      if (!store.dirty) return end(...args);
      store.flush().then(
        () => end(...args),
        () => end(...args),
      );
      return res;
    }) as typeof res.end;
    next();
  };
}
