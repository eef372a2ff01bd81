import type { Emulator } from '../../emulator/index.js';
import { sleep } from './json-client.js';

// Waits until every list of the instance's OCI cache is complete and its stream found nothing more waiting after
// this moment: what the benches write before a run has reached the cache. Shared by the oci-cache and storefront
// suites.

export async function cacheCaughtUp(emulator: Emulator, instanceId: string, maxMs = 30_000): Promise<void> {
  const cache = emulator.services.b2c!.ociCache;
  const from = emulator.clock.now();
  const started = performance.now();
  for (;;) {
    const now = emulator.clock.now();
    const rows = cache.listStatus(instanceId);
    if (rows.length > 0 && rows.every((r) => r.status === 'complete' && r.lagMs !== undefined && now - r.lagMs > from)) return;
    if (rows.some((r) => r.status === 'error') || performance.now() - started > maxMs) throw new Error(`the cache did not catch up in ${maxMs / 1000} s: ${JSON.stringify(rows)}`);
    await sleep(20);
  }
}
