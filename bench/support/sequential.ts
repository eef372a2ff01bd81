import { Agent } from 'node:http';
import { waitIdle, type ChildServer } from './child-process.js';
import { monotonicUs, type Window } from './cpu-profile.js';
import { send, sleep } from './json-client.js';

// One request at a time against an otherwise idle server, a short pause between them: what a single request
// costs, without queueing behind others. The phase lasts until the server is idle again, so the child's CPU time
// over it, per request, includes what the requests left to do after their answers (a save of the data file).

export interface SequentialRun {
  latencies: number[];
  cpuUsPerRequest: number;
  /** The phase on the monotonic clock, to cut it out of a CPU profile. */
  window: Window;
}

export async function sequential(
  server: ChildServer,
  count: number,
  gapMs: number,
  request: () => { path: string; body: string; headers: Record<string, string> },
  settle: () => Promise<void> = () => waitIdle(server),
): Promise<SequentialRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const fromUs = monotonicUs();
  const cpuBefore = server.cpuMicros();
  try {
    for (let i = 0; i < count; i++) {
      const { path, body, headers } = request();
      const started = performance.now();
      const res = await send(agent, server.url, 'POST', path, headers, body);
      latencies.push(performance.now() - started);
      if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
      await sleep(gapMs);
    }
  } finally {
    agent.destroy();
  }
  await settle();
  const cpuAfter = server.cpuMicros();
  const cpuUsPerRequest = cpuBefore === undefined || cpuAfter === undefined ? 0 : (cpuAfter - cpuBefore) / count;
  return { latencies, cpuUsPerRequest, window: { fromUs, toUs: monotonicUs() } };
}
