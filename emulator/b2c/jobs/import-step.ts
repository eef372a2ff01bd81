import { AppError } from '../../core/errors/app-error.js';
import { own } from '../../core/objects.js';
import { importInventoryFiles, type ImportMode } from '../impex/inventory-import.js';
import type { NativeInventory } from '../inventory/service.js';
import { fileNamePattern, FileNamePatternError } from './file-pattern.js';
import { insideImpex, type ImpexFiles } from './impex-files.js';
import { failed, type ExitStatus } from './model.js';

// The ImportInventoryLists step: the files of IMPEX/src/<WorkingFolder> whose name matches FileNamePattern,
// imported in name order, then handled as AfterImportFileHandling says.
// - A file leaves its folder only once what the import applied is written (`persisted`), by a move that puts the
//   copy in place before the original goes: a crash at any instant leaves the applied import with its file still
//   to archive (the next run imports it again from the start), never an applied import without its file, nor a
//   file in neither place. A file that cannot be archived stays where it is, with a log line.
// - A file another run is importing is skipped (B2C skips files it cannot lock); a file replaced or removed over
//   WebDAV while its import was being written is left alone.
// - A file that failed validation stays in place when ImportFailedHandling is ERROR (B2C skips archiving then).

const MODES = ['MERGE', 'UPDATE', 'REPLACE', 'DELETE'] as const;
const STEP = 'ImportInventoryLists';

export interface StepRun {
  instanceId: string;
  files: ImpexFiles;
  inventory: NativeInventory;
  now(): string;
  log: string[];
  /** Resolves once every change made so far is written. */
  persisted(): Promise<void>;
  /** `instance/path` of the files runs are importing now. */
  busy: Set<string>;
}

type Parameters = Record<string, string>;

/** Why these parameters cannot run, or undefined; asked when the job is saved and again when it runs. */
export function importParameterProblem(p: Parameters): string | undefined {
  try {
    fileNamePattern(own(p, 'FileNamePattern'));
  } catch (error) {
    if (error instanceof FileNamePatternError) return error.message;
    throw error;
  }
  const mode = own(p, 'ImportMode');
  if (mode !== undefined && !(MODES as readonly string[]).includes(mode.toUpperCase())) return `ImportMode '${mode}' must be Merge, Update, Replace or Delete.`;
  for (const name of ['WorkingFolder', 'ArchiveFolder']) {
    const folder = own(p, name);
    if (folder !== undefined && !insideImpex(`${trimSlashes(folder)}/file`)) return `${name} '${folder}' must be a folder inside IMPEX (no '.' or '..' segments).`;
  }
  return undefined;
}

export async function importStep(run: StepRun, p: Parameters): Promise<ExitStatus> {
  const { instanceId, files, log } = run;
  const problem = importParameterProblem(p);
  if (problem) {
    log.push(`${run.now()} ERROR ${STEP}: ${problem}`);
    return failed(problem);
  }
  const folder = `src/${trimSlashes(own(p, 'WorkingFolder') ?? '')}`.replace(/\/$/, '');
  const pattern = fileNamePattern(own(p, 'FileNamePattern'));
  const all = files.list(instanceId, folder).filter((f) => pattern.test(f.slice(folder.length + 1)));
  const names = all.filter((f) => !run.busy.has(`${instanceId}/${f}`));
  for (const name of all.filter((f) => !names.includes(f))) log.push(`${run.now()} WARN ${STEP}: IMPEX/${name} is being imported by another run; skipped`);
  if (names.length === 0) {
    const handling = own(p, 'NoFilesFoundHandling') ?? 'NO_FILES_FOUND';
    log.push(`${run.now()} INFO ${STEP}: no files in IMPEX/${folder} match ${pattern.source}`);
    return { status: handling === 'ERROR' ? 'error' : 'ok', code: handling, message: 'no files found' };
  }
  const failOnError = (own(p, 'ImportFailedHandling') ?? 'WARN') === 'ERROR';
  for (const name of names) run.busy.add(`${instanceId}/${name}`);
  try {
    const state = files.state(instanceId);
    const read = names.map((name) => ({ name, entry: own(state.files, name)! }));
    const mode = (own(p, 'ImportMode') ?? 'Merge').toUpperCase() as ImportMode;
    const outcome = importInventoryFiles(run.inventory, instanceId, read.map((f) => ({ name: `IMPEX/${f.name}`, text: f.entry.text })), mode, run.now());
    log.push(...outcome.log);
    if (await written(run)) handleImported(run, read, p, failOnError ? outcome.failedFiles : []);
    else log.push(`${run.now()} WARN ${STEP}: what the import applied could not be written to disk yet; its files stay where they are`);
    if (outcome.status === 'ERROR') return failOnError ? failed('a file failed validation') : { status: 'ok', code: 'WARN', message: 'a file failed validation' };
    return { status: 'ok', code: 'OK', message: `${outcome.dataErrors} data errors` };
  } finally {
    for (const name of names) run.busy.delete(`${instanceId}/${name}`);
  }
}

/** AfterImportFileHandling for each file read, except those kept (failed validation) or changed meanwhile. */
function handleImported(run: StepRun, read: { name: string; entry: unknown }[], p: Parameters, keep: readonly string[]): void {
  const after = own(p, 'AfterImportFileHandling') ?? 'Archive';
  for (const { name, entry } of read) {
    if (keep.includes(`IMPEX/${name}`)) continue;
    if (own(run.files.state(run.instanceId).files, name) !== entry) {
      run.log.push(`${run.now()} WARN ${STEP}: IMPEX/${name} was replaced or removed while its import was written; left as it is`);
      continue;
    }
    afterImport(run, name, after, own(p, 'ArchiveFolder'));
  }
}

async function written(run: StepRun): Promise<boolean> {
  try {
    await run.persisted();
    return true;
  } catch {
    return false;
  }
}

/** Deletes or archives an imported file; a failure leaves the file where it is and says why. */
function afterImport(run: StepRun, name: string, after: string, archiveFolder: string | undefined): void {
  const target = `${trimSlashes(archiveFolder ?? 'archive')}/${name.split('/').pop()}`;
  try {
    if (after === 'Delete') run.files.delete(run.instanceId, name);
    else if (after.startsWith('Archive')) {
      run.files.move(run.instanceId, name, target);
      run.log.push(`${run.now()} INFO ${STEP}: archived IMPEX/${name} to IMPEX/${target}`);
    }
  } catch (error) {
    const why = error instanceof AppError ? error.message : 'the file could not be written there';
    run.log.push(`${run.now()} WARN ${STEP}: could not archive IMPEX/${name} to IMPEX/${target} (${why}); the file stays in IMPEX/${name}`);
  }
}

/** The path without leading and trailing slashes (a loop: a regex would backtrack on a long run of slashes). */
export function trimSlashes(path: string): string {
  let start = 0;
  let end = path.length;
  while (start < end && path[start] === '/') start++;
  while (end > start && path[end - 1] === '/') end--;
  return path.slice(start, end);
}
