import { Command, Option } from 'commander';
import type { SequenceReport } from '../sequence/report.js';
import { sequenceText } from '../sequence/views.js';

// `oci-emulator check-sequence --url …`: asks a running emulator's sequence checker (GET /__emulator/sequence)
// whether the documented sequence was followed, prints the table (or the JSON), and exits so CI can gate on it:
//   0  followed (with --strict: and no recommendation gone against)
//   1  not followed: a step out of order, a step not done, an expected step missing (with --strict: a
//      recommendation gone against)
//   2  bad input: an unknown step name or instance, a malformed URL
//   3  the emulator could not be reached, or did not answer as one

export const EXIT = { followed: 0, notFollowed: 1, badInput: 2, unreachable: 3 } as const;

interface CheckOptions {
  url: string;
  json?: boolean;
  strict?: boolean;
  instance?: string;
  through?: string;
  expect?: string;
  adminToken?: string;
}

export function registerCheckSequenceCommand(program: Command): void {
  program
    .command('check-sequence')
    .description('Check that the documented setup sequence was followed on a running emulator (exit 0 when it was)')
    .requiredOption('--url <url>', 'base URL of the emulator, e.g. http://127.0.0.1:8787')
    .option('--json', 'print the checker’s JSON report instead of the table')
    .option('--strict', 'also fail when a recommendation was gone against (no safety stock, retention 0, storefront online at the switch…)')
    .option('--instance <id>', 'check one B2C instance’s integration only')
    .option('--through <step>', 'judge only the steps up to this one (and those it needs)')
    .option('--expect <steps>', 'comma-separated steps that must be done (fails listing the missing ones)')
    .addOption(new Option('--admin-token <token>', 'the emulator’s control-plane token, when it has one').env('OCI_EMULATOR_ADMIN_TOKEN'))
    .action(async (opts: CheckOptions) => {
      process.exitCode = await checkSequence(opts, (text) => process.stdout.write(text), (text) => process.stderr.write(text));
    });
}

export async function checkSequence(opts: CheckOptions, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let url: URL;
  try {
    url = new URL('/__emulator/sequence', opts.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    err(`oci-emulator check-sequence: --url must be the emulator's http(s) base URL, got ${JSON.stringify(opts.url)}\n`);
    return EXIT.badInput;
  }
  for (const [name, value] of [['instance', opts.instance], ['through', opts.through], ['expect', opts.expect]] as const) if (value !== undefined) url.searchParams.set(name, value);
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json', ...(opts.adminToken ? { 'X-Emulator-Admin-Token': opts.adminToken } : {}) }, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    err(`oci-emulator check-sequence: cannot reach ${opts.url}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}\n`);
    return EXIT.unreachable;
  }
  const body = (await res.json().catch(() => undefined)) as (SequenceReport & { error?: string; message?: string }) | undefined;
  if (res.status === 400 || res.status === 404) {
    err(`oci-emulator check-sequence: ${body?.message ?? `the emulator refused the request (${res.status})`}\n`);
    return EXIT.badInput;
  }
  if (!res.ok || !body || !Array.isArray(body.integrations)) {
    err(`oci-emulator check-sequence: ${opts.url} did not answer as an emulator (${res.status}${body?.message ? `: ${body.message}` : ''})\n`);
    return EXIT.unreachable;
  }
  out(opts.json ? `${JSON.stringify(body, null, 2)}\n` : sequenceText(body));
  const followed = body.verdict === 'followed' && (body.expected?.missing.length ?? 0) === 0 && !(opts.strict && body.against > 0);
  if (!opts.json && opts.strict && body.against > 0) out(`--strict: ${body.against} recommendation(s) gone against\n`);
  return followed ? EXIT.followed : EXIT.notFollowed;
}
