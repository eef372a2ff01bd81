import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deserializeError, type SerializedError } from './errors.js';
import type { VerifyPactsOptions, VerifyPactsResult } from './verify.js';

// Pact's native core prints its verification report straight to file descriptor 1, past process.stdout, so in the
// command's own process it would be mixed into the summary (and break --json). The command therefore verifies in a
// child process whose output it reads apart: the report goes where the caller says (stderr, or nowhere).

export type WorkerReply = { ok: true; result: VerifyPactsResult } | { ok: false; error: SerializedError };

const WORKER = fileURLToPath(new URL('./verify-worker.ts', import.meta.url));
/** The child runs the TypeScript sources as the CLI does, through tsx (a dependency), found from here, not from the cwd. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** verifyPacts in a child process; Pact's own report (stdout and stderr of the child) goes to `report`. */
export function verifyPactsIsolated(options: VerifyPactsOptions, report: (chunk: Buffer) => void): Promise<VerifyPactsResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let reply: WorkerReply | undefined;
    let stderrTail = '';
    child.stdout!.on('data', report);
    child.stderr!.on('data', (chunk: Buffer) => {
      report(chunk);
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.once('message', (message: WorkerReply) => (reply = message));
    child.once('error', reject);
    // 'close', not 'exit': the child's output has been read to its end by then.
    child.once('close', (code, signal) => {
      if (reply?.ok) return resolve(reply.result);
      if (reply) return reject(deserializeError(reply.error));
      reject(new Error(`the verification process ended (${signal ?? `exit code ${code}`}) without a result${stderrTail ? `:\n${stderrTail.trim()}` : ''}`));
    });
    child.send(options);
  });
}
