import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import { silentLogger } from '../../emulator/core/log.js';
import type { Target } from './baseline.js';

// The emulator as the in-process suites load it, on loopback. The load generator runs on its own thread (see
// load.ts), so the main event loop belongs to the server under test. Its baseline is in baseline.ts.

export async function startBenchEmulator(fixtures: EmulatorOptions['fixtures'] = 'demo'): Promise<Target & { emulator: Emulator }> {
  // Real clock and (by default) demo fixtures: what `npm start` serves, minus the data file.
  const emulator = await createEmulator({ store: 'memory', clock: 'real', fixtures, logger: silentLogger });
  const { url } = await emulator.listen(0, '127.0.0.1');
  return { emulator, url, close: () => emulator.close() };
}
