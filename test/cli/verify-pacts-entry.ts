import { Command } from 'commander';
import { registerVerifyPactsCommand } from '../../emulator/cli/verify-pacts-command.js';

// The verify-pacts command on a program of its own, as emulator/cli.ts registers it, for test/cli/verify-pacts.test.ts
// to run as a user would (its own process, its own exit code) until cli.ts registers it too.

const program = new Command('oci-emulator');
registerVerifyPactsCommand(program);
await program.parseAsync(process.argv);
