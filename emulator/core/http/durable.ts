import type { ServerResponse } from 'node:http';
import type { Store } from '../store/store.js';

// With --durable, no response leaves before the changes it acknowledges are on disk: the end of every
// response waits for the store's flush when the store has anything pending.
export function holdUntilWritten(store: Store, res: ServerResponse): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (!store.dirty) return end(...args);
    store.flush().then(
      () => end(...args),
      () => end(...args),
    );
    return res;
  }) as typeof res.end;
}
