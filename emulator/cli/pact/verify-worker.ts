import { serializeError } from './errors.js';
import { verifyPacts, type VerifyPactsOptions } from './verify.js';
import type { WorkerReply } from './isolated.js';

// The child process of `oci-emulator verify-pacts` (isolated.ts): runs verifyPacts with the options the command
// sends and answers with the results, or the error as it crosses the process boundary.

process.once('message', (options: VerifyPactsOptions) => {
  void verifyPacts(options).then(
    (result): WorkerReply => ({ ok: true, result }),
    (error: unknown): WorkerReply => ({ ok: false, error: serializeError(error) }),
  ).then((reply) => {
    // Pact's core keeps native handles open: exit once the parent has the answer rather than wait for them.
    process.send!(reply, () => process.exit(0));
  });
});
