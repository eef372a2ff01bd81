import { parentPort } from 'node:worker_threads';
import { parseBatch, portable, transferList } from './parsed-batch.js';

// A parse-pool thread: batches of whole lines in, parsed columns out (see parse-pool.ts).

export interface ParseTask {
  id: number;
  bytes: Uint8Array;
  maxLineChars: number;
}

parentPort!.on('message', (task: ParseTask) => {
  try {
    const batch = parseBatch(task.bytes, task.maxLineChars);
    parentPort!.postMessage({ id: task.id, batch: portable(batch) }, transferList(batch));
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: (error as Error).message ?? String(error) });
  }
});
