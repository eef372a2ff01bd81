import type { ServerResponse } from 'node:http';
import type { Store } from '../store/store.js';

// With --durable, no response leaves before the changes it acknowledges are on disk: the end of every response
// waits for the store's flush when anything is pending. When the write fails, the store undoes the change in
// memory and the response becomes the refusal `refuse` renders (a 503 in the API's dialect) instead of the
// answer its handler prepared. A request that overlapped an undone write is refused too: what it read or
// changed may have been undone under it.
export function holdUntilWritten(store: Store, res: ServerResponse, refuse: () => void): void {
  const reverts = store.reverts;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (!store.dirty && store.reverts === reverts) return end(...args);
    store.flush().then(
      () => (store.reverts === reverts ? end(...args) : refused()),
      () => refused(),
    );
    return res;
  }) as typeof res.end;

  function refused(): void {
    res.end = end as typeof res.end;
    // A streamed answer has already said it succeeded: all that is left is to break it off.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const name of res.getHeaderNames()) if (name !== 'correlation-id') res.removeHeader(name);
    refuse();
  }
}
