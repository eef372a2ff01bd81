import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import { FROZEN_START } from '../../test/helpers/emulator.js';

// The provider side of every contract: the whole emulator in this process, on a random loopback port, in the
// same deterministic world the HTTP tests use (memory store, frozen clock, seed 1, demo fixtures). The provider
// states build their world through its `url` only (emulator/cli/pact), as a person at a terminal could.

export async function startProviderEmulator(options: EmulatorOptions = {}): Promise<Emulator & { url: string }> {
  const emulator = await createEmulator({
    store: 'memory',
    clock: { mode: 'frozen', start: FROZEN_START },
    seed: 1,
    fixtures: 'demo',
    ...options,
  });
  const { url } = await emulator.listen(0, '127.0.0.1');
  return Object.assign(emulator, { url });
}
