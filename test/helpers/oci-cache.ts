import type { Emulator } from '../../emulator/index.js';
import type { ListStatus } from '../../emulator/b2c/oci-cache/service.js';
import { TENANT } from './emulator.js';

// Driving the OCI cache on a frozen clock: each step advances the clock by one poll (250 ms in profile fast), lets
// OCI's impex jobs (the exports a full import asks for) finish, and waits for the streams to read them.

export async function cacheStep(emulator: Emulator, ms = 250): Promise<void> {
  await emulator.clock.advance(ms);
  await emulator.services.oci!.domain.jobs.idle();
  await emulator.services.b2c!.ociCache.idle();
}

/** Steps until every list of the instance's cache is complete (or in error), then one more poll for deltas. */
export async function catchUp(emulator: Emulator, options: { instanceId?: string; stepMs?: number; maxSteps?: number } = {}): Promise<readonly ListStatus[]> {
  const instanceId = options.instanceId ?? TENANT;
  for (let step = 0; step < (options.maxSteps ?? 80); step++) {
    await cacheStep(emulator, options.stepMs);
    const rows = emulator.services.b2c!.ociCache.listStatus(instanceId);
    if (rows.length > 0 && rows.every((r) => r.status === 'complete' || r.status === 'error')) {
      await cacheStep(emulator, options.stepMs);
      return emulator.services.b2c!.ociCache.listStatus(instanceId);
    }
  }
  throw new Error(`the OCI cache of ${instanceId} did not catch up: ${JSON.stringify(emulator.services.b2c!.ociCache.listStatus(instanceId))}`);
}
