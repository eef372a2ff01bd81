import { relative } from 'node:path';
import { Command, Option } from 'commander';
import type { ProviderResult } from './pact/provider-verifier.js';
import type { VerifyPactsResult } from './pact/verify.js';

// `oci-emulator verify-pacts <paths...>`: a team verifies its own consumer pacts against the emulator with one
// command, as the providers the emulator plays. The input is checked first (pact files, providers, provider states)
// and a --url emulator probed, in this process and without loading Pact; the verification itself runs in a child
// process (pact/isolated.ts), whose Pact report goes to stderr while the summary goes to stdout.
// Exit codes: 0 every pact verified; 1 a pact did not verify; 2 bad input; 3 the emulator at --url is not reachable.

export const EXIT = { verified: 0, mismatch: 1, badInput: 2, unreachable: 3 } as const;

export interface VerifyPactsCommandOptions {
  url?: string;
  adminToken?: string;
  provider?: string;
  json?: boolean;
}

export function registerVerifyPactsCommand(program: Command): void {
  program
    .command('verify-pacts')
    .description("Verify consumer pacts against the emulator as their provider (every provider state resets the emulator's world)")
    .argument('<paths...>', 'pact files, or folders of them (their *.json files)')
    .option('--url <base>', 'a running emulator to verify against (default: one started for the run, in the demo world)')
    .addOption(new Option('--admin-token <token>', "the running emulator's control-plane token").env('OCI_EMULATOR_ADMIN_TOKEN'))
    .option('--provider <name>', 'verify only the pacts of this provider')
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], opts: VerifyPactsCommandOptions) => {
      process.exitCode = await runVerifyPacts(paths, opts);
    });
}

export async function runVerifyPacts(paths: string[], opts: VerifyPactsCommandOptions): Promise<number> {
  // Loaded here: registering the command must not load its catalogue for every other command of the CLI.
  const [{ EmulatorHttp }, { EmulatorUnreachableError, PactInputError }, { verifyPactsIsolated }, { loadPacts }] = await Promise.all([
    import('./pact/emulator-http.js'),
    import('./pact/errors.js'),
    import('./pact/isolated.js'),
    import('./pact/pact-files.js'),
  ]);
  try {
    await loadPacts(paths, opts.provider);
    if (opts.url !== undefined) await new EmulatorHttp(opts.url, opts.adminToken).probe();
    const result = await verifyPactsIsolated(
      { files: paths, url: opts.url, adminToken: opts.adminToken, provider: opts.provider },
      // Pact's report says, interaction by interaction, what matched: worth reading beside the summary, never in JSON.
      (chunk) => {
        if (!opts.json) process.stderr.write(chunk);
      },
    );
    process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result));
    return result.verified ? EXIT.verified : EXIT.mismatch;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Anything unforeseen (the verification process crashed) is a verification that did not succeed: 1.
    const code = error instanceof PactInputError ? EXIT.badInput : error instanceof EmulatorUnreachableError ? EXIT.unreachable : EXIT.mismatch;
    process.stderr.write(`oci-emulator verify-pacts: ${message}\n`);
    if (opts.json) process.stdout.write(`${JSON.stringify({ verified: false, exitCode: code, error: message }, null, 2)}\n`);
    return code;
  }
}

/** Per provider: its consumers' pacts, then verified or what did not match; a closing count. */
function summary(result: VerifyPactsResult): string {
  const out: string[] = [];
  for (const p of result.providers) {
    out.push(`${p.verified ? 'verified' : 'FAILED  '}  provider ${p.provider}: ${count(p.interactions, 'interaction')}`);
    for (const pact of p.pacts) out.push(`          consumer ${pact.consumer}, ${count(pact.interactions, 'interaction')} (${shown(pact.file)})`);
    if (!p.verified) out.push(indent(p.failure ?? 'no reason given'));
  }
  const failed = result.providers.filter((p) => !p.verified);
  out.push(
    `${failed.length === 0 ? 'all verified' : `${failed.length} of ${result.providers.length} providers failed (${names(failed)})`} ` +
      `against ${result.inProcess ? `an emulator started for the run (${result.url})` : result.url}`,
  );
  return `${out.join('\n')}\n`;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const names = (providers: ProviderResult[]) => providers.map((p) => p.provider).join(', ');
const indent = (text: string) => text.replace(/^/gm, '          ');
const shown = (file: string) => (relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file));
