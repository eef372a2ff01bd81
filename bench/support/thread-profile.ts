import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

// A CPU profile of this thread, for suites whose emulator runs in-process (the load generator is in a worker, so
// this thread is the server's): the inspector's profiler, sampling every 500 µs as profileRequest's children do.
// The profile is written where printProfiles reads it; its samples carry the monotonic clock, so the windows
// measureRounds returns cut the measured runs out of it.

export interface ThreadProfile {
  /** Stops sampling and writes `<dir>/<name>.cpuprofile`. */
  stop(): Promise<void>;
}

export async function profileThisThread(dir: string, name = 'thread'): Promise<ThreadProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      await session.post('Profiler.disable');
      session.disconnect();
    },
  };
}
