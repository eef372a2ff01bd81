import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { DEMO } from '../../fixtures/well-known.js';
import { ImpexClient, ImpexHttpError, type ImportStatus } from './impex-client.js';
import { scanImportFile } from './file-scan.js';
import { integer } from './options.js';
import { formatBytes, formatCount, formatDuration, progressMode, startMeter, type Meter, type ProgressOptions } from './progress.js';

// `oci-emulator import <file>`: an availability import through the public impex flow, over HTTP only — token,
// initiate, upload, poll, result file — so it exercises exactly what a real client does and works against any
// emulator (or anything else that speaks the API). Progress goes to stderr, the summary to stdout.
// Exit codes: 0 COMPLETED_WITHOUT_ERRORS, 2 COMPLETED_WITH_PARTIAL_FAILURES, 1 FAILED or any HTTP error.

export const EXIT = { ok: 0, failed: 1, partial: 2, interrupted: 130 } as const;

const IMPEX_SCOPES = ['sfcc.inventory.impex-inventory.rw', 'sfcc.inventory.impex-inventory'] as const;
const UNFINISHED = new Set(['WAITING', 'PENDING', 'RUNNING']);
const FAILURES_SHOWN = 10;

export interface ImportOptions {
  url: string;
  tenantGroup: string;
  clientId: string;
  clientSecret: string;
  instance: string;
  token?: string;
  gzip?: boolean;
  poll: number;
  progress: boolean;
}

export function registerImportCommand(program: Command): void {
  const demoClient = DEMO.accountManager.integrationClient;
  program
    .command('import')
    .description('Import an availability file (NDJSON, or gzip) through the public impex API, as a real client does')
    .argument('<file>', 'the import file: .ndjson/.json, or .gz for gzip')
    .option('--url <base>', 'base URL of the emulator (or of any OCI API host)', 'http://127.0.0.1:8787')
    .option('--tenant-group <id>', 'OCI tenant group', DEMO.salesforce.tenantGroupId)
    .addOption(new Option('--client-id <id>', 'Account Manager API client').default(demoClient.id))
    .addOption(new Option('--client-secret <secret>', 'its secret').env('OCI_EMULATOR_CLIENT_SECRET').default(demoClient.secret, 'the demo integration client secret'))
    .option('--instance <id>', 'B2C instance named in the token scope (SALESFORCE_COMMERCE_API:<id>)', DEMO.b2c.instanceId)
    .addOption(new Option('--token <bearer>', 'use this access token instead of requesting one').env('OCI_EMULATOR_TOKEN'))
    .option('--gzip', 'the file is gzip-compressed (default: when its name ends with .gz)')
    .option('--no-gzip', 'the file is plain NDJSON, whatever its name')
    .addOption(new Option('--poll <ms>', 'interval between status requests').default(500).argParser(integer('poll', 10, 600_000)))
    .option('--no-progress', 'no progress bar: a plain line every few seconds instead')
    .action(async (file: string, opts: ImportOptions) => {
      process.exitCode = await runImport(file, opts);
    });
}

export async function runImport(file: string, opts: ImportOptions): Promise<number> {
  const err = process.stderr;
  const progress: ProgressOptions = { mode: progressMode(err, opts.progress) };
  const client = new ImpexClient(opts.url);
  let meter: Meter | undefined;
  let importId: string | undefined;
  // Ctrl-C must not leave the cursor hidden by the bar, and should say the job goes on without us.
  const onInterrupt = () => {
    meter?.stop();
    err.write(`\ninterrupted${importId ? `: import ${importId} goes on in the server; its status stays readable` : ''}\n`);
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', onInterrupt);
  try {
    if (!(await isFile(file))) return fail(`cannot read ${file}: not a file`);
    const gzip = opts.gzip ?? /\.gz$/i.test(file);
    const scan = await scanImportFile(file, gzip);
    err.write(
      `file      ${basename(file)}, ${formatBytes(scan.size)}${gzip ? ' gzip' : ''}, ` +
        `${scan.lines === undefined ? 'does not inflate' : `~${formatCount(scan.lines)} records`}, sha256 ${scan.sha256.slice(0, 12)}…\n`,
    );

    if (opts.token) client.useToken(opts.token);
    else await client.requestToken({ clientId: opts.clientId, clientSecret: opts.clientSecret, instance: opts.instance, scopes: IMPEX_SCOPES });

    const job = await client.initiate(opts.tenantGroup, {
      fileName: basename(file),
      ...(gzip ? { fileEncoding: 'GZIP' } : {}),
      fileHash: scan.sha256,
      fileHashType: 'SHA-256',
    });
    importId = job.importId;
    err.write(`import    ${job.importId}\n`);

    let sent = 0;
    meter = startMeter(
      {
        label: 'upload',
        total: scan.size,
        describe: (r) => `${formatBytes(r.value)} of ${formatBytes(scan.size)} · ${formatBytes(r.rate)}/s · ETA ${formatDuration(r.etaMs)}`,
      },
      progress,
    );
    const uploadMeter = meter;
    await client.upload(job.uploadLink, { path: file, fileName: basename(file), size: scan.size }, (n) => uploadMeter.update((sent += n)));
    meter.stop();

    const status = await follow(client, job.importStatusLink, scan.lines, opts.poll, progress, (m) => (meter = m));
    return await summarize(client, status);
  } catch (error) {
    meter?.stop();
    if (error instanceof ImpexHttpError) return fail(`${error.step} failed${error.status ? ` (${error.status})` : ''}: ${error.message}`);
    return fail((error as Error).message);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * Polls until the job leaves WAITING/PENDING/RUNNING. The server reads every line (pass 1) and then applies the
 * good ones (pass 2), so the work is about twice the line count: the bar counts read + processed against that.
 */
async function follow(
  client: ImpexClient,
  statusLink: string,
  lines: number | undefined,
  pollMs: number,
  progress: ProgressOptions,
  setMeter: (m: Meter) => void,
): Promise<ImportStatus> {
  let status = await client.status(statusLink);
  const counts = () => ({ read: status.import?.recordsReadCount ?? 0, processed: status.import?.recordsProcessedCount ?? 0 });
  const meter = startMeter(
    {
      label: 'import',
      total: lines === undefined ? undefined : Math.max(1, lines) * 2,
      describe: (r) => {
        const { read, processed } = counts();
        if (status.status === 'PENDING' || status.status === 'WAITING') return `${status.status.toLowerCase()}: queued in the server`;
        const of = lines === undefined ? '' : ` of ~${formatCount(lines)}`;
        return `read ${formatCount(read)}${of} · processed ${formatCount(processed)} · ${formatCount(r.rate / 2)} rec/s · ETA ${formatDuration(r.etaMs)}`;
      },
    },
    progress,
  );
  setMeter(meter);
  meter.update(0);
  while (UNFINISHED.has(status.status)) {
    await sleep(pollMs);
    status = await client.status(statusLink);
    const { read, processed } = counts();
    meter.update(read + processed);
  }
  // Failed records are never processed: the bar ends full anyway, since the job is done.
  const { read, processed } = counts();
  meter.update(read + processed, read + processed > 0 ? read + processed : undefined);
  meter.stop();
  return status;
}

/** Prints the outcome from the status and the result file; answers the exit code. */
async function summarize(client: ImpexClient, status: ImportStatus): Promise<number> {
  const counts = status.import ?? {};
  let result: string | undefined;
  const failures: string[] = [];
  let failureCount = 0;
  const href = counts.fullResults?.href;
  if (href) {
    for await (const line of client.resultLines(href)) {
      if (result === undefined) {
        result = statusLine(line);
        if (result !== undefined) continue;
      }
      failureCount++;
      if (failures.length < FAILURES_SHOWN) failures.push(line);
    }
  }
  result ??= status.status === 'COMPLETED' ? 'COMPLETED_WITHOUT_ERRORS' : 'FAILED';
  const skipped = counts.recordsSkippedCount ?? 0;
  const out = [
    `import    ${status.importId}`,
    `status    ${result} (job ${status.status}, validation ${status.validation?.status ?? 'unknown'})`,
    `records   read ${formatCount(counts.recordsReadCount ?? 0)}, processed ${formatCount(counts.recordsProcessedCount ?? 0)}, skipped ${formatCount(skipped)}${skippedWhy(status.status, skipped, failureCount)}`,
  ];
  if (failureCount > 0) {
    out.push(`failures  ${formatCount(failureCount)}${failureCount > FAILURES_SHOWN ? ` (the first ${FAILURES_SHOWN}; all in ${client.resolve(href!)})` : ''}`);
    for (const line of failures) out.push(`  ${line}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (result === 'COMPLETED_WITHOUT_ERRORS') return EXIT.ok;
  if (result === 'COMPLETED_WITH_PARTIAL_FAILURES') return EXIT.partial;
  return EXIT.failed;
}

/**
 * OCI counts a record whose recordId an earlier import applied (or that repeats one in the file) as skipped
 * without a failure line; saying so spares the user hunting for failures that are not there.
 */
function skippedWhy(jobStatus: string, skipped: number, failures: number): string {
  // A file that failed validation skips every record, failure lines or not.
  if (jobStatus === 'FAILED' || skipped <= failures) return '';
  return ` (${formatCount(failures)} failed, ${formatCount(skipped - failures)} with a recordId already imported)`;
}

/** The result file opens with `{"status": …}`; any other first line is a failure line. */
function statusLine(line: string): string | undefined {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    return typeof o.status === 'string' && Object.keys(o).length === 1 ? o.status : undefined;
  } catch {
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function fail(message: string): number {
  process.stderr.write(`oci-emulator import: ${message}\n`);
  return EXIT.failed;
}
