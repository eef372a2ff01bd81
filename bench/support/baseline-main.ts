import { text } from 'node:stream/consumers';
import { startBaseline, type BaselineRoute } from './baseline.js';

// Entry point of the child baseline (child-baseline.ts): reads its routes from stdin, serves them until SIGTERM.

interface WireRoute {
  method: string;
  path: string;
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

const wire = JSON.parse(await text(process.stdin)) as WireRoute[];
const routes: BaselineRoute[] = wire.map((r) => ({ method: r.method, path: r.path, captured: { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') } }));
const server = await startBaseline(routes);
process.stdout.write(`listening ${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
