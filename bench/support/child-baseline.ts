import { fileURLToPath } from 'node:url';
import type { BaselineRoute } from './baseline.js';
import { spawnServer, type ChildServer } from './child-process.js';

// The bare-Express baseline in a process of its own, beside a child emulator: both servers then run alike (own
// process, own heap, CPU time read the same way) while the load generator runs in this one.

const MAIN = fileURLToPath(new URL('./baseline-main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** The routes travel over stdin (bodies in base64), so nothing is left on disk. */
export function startChildBaseline(routes: readonly BaselineRoute[]): Promise<ChildServer> {
  const input = JSON.stringify(
    routes.map((r) => ({ method: r.method, path: r.path, status: r.captured.status, headers: r.captured.headers, body: r.captured.body.toString('base64') })),
  );
  return spawnServer(['--import', TSX, MAIN], { input });
}
