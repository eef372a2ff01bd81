import type { VirtualClock } from '../../core/clock.js';
import { AppError } from '../../core/errors/app-error.js';
import type { Journal } from '../../core/journal.js';
import { own } from '../../core/objects.js';
import type { Store } from '../../core/store/store.js';
import { exportInventoryXml } from '../impex/inventory-export.js';
import { importInventoryFiles, type ImportMode } from '../impex/inventory-import.js';
import type { NativeInventory } from '../inventory/native-inventory.js';

// An instance's IMPEX folder (files put over WebDAV), its jobs (Administration > Operations > Jobs: a job is
// steps with parameters) and their executions with a log. The steps B2C teams run for inventory are
// ImportInventoryLists and ExportInventoryLists; they run in every integration mode (emulator-behaviour.md).
// An execution runs to its end when started, on the emulator's clock.

export const STEP_TYPES = ['ImportInventoryLists', 'ExportInventoryLists'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export interface JobStep {
  type: StepType;
  parameters: Record<string, string>;
}

export interface JobDefinition {
  id: string;
  description: string;
  steps: JobStep[];
}

export interface ExitStatus {
  status: 'ok' | 'error';
  code: string;
  message: string;
}

export interface JobExecution {
  id: string;
  jobId: string;
  clientId: string | undefined;
  startTime: string;
  endTime: string;
  exitStatus: ExitStatus;
  steps: { stepId: string; type: StepType; exitStatus: ExitStatus }[];
  log: string[];
}

interface ImpexState {
  files: Record<string, { text: string; modified: string }>;
  jobs: Record<string, JobDefinition>;
  executions: Record<string, JobExecution>;
  nextExecution: number;
}

const namespace = (instanceId: string) => `b2c-impex.${instanceId}`;
const empty = (): ImpexState => ({ files: {}, jobs: {}, executions: {}, nextExecution: 1 });
/** WebDAV uploads into IMPEX: the emulator keeps them in its state, so they stay small. */
export const MAX_IMPEX_FILE_BYTES = 10 * 1024 * 1024;

export class JobsService {
  readonly #store: Store;
  readonly #clock: VirtualClock;
  readonly #journal: Journal;
  readonly #inventory: NativeInventory;

  constructor(store: Store, clock: VirtualClock, journal: Journal, inventory: NativeInventory) {
    this.#store = store;
    this.#clock = clock;
    this.#journal = journal;
    this.#inventory = inventory;
  }

  #state(instanceId: string): ImpexState {
    return this.#store.ensure(namespace(instanceId), empty);
  }

  // ─── IMPEX files (WebDAV) ───

  putFile(instanceId: string, path: string, text: string): { created: boolean } {
    const clean = normalise(path);
    const state = this.#state(instanceId);
    const created = !own(state.files, clean);
    state.files[clean] = { text, modified: this.#now() };
    this.#touch(instanceId);
    return { created };
  }

  file(instanceId: string, path: string): string {
    const found = own(this.#state(instanceId).files, normalise(path));
    if (!found) throw new AppError(404, 'NOT_FOUND', `No file IMPEX/${normalise(path)}.`);
    return found.text;
  }

  deleteFile(instanceId: string, path: string): void {
    const state = this.#state(instanceId);
    const clean = normalise(path);
    if (!own(state.files, clean)) throw new AppError(404, 'NOT_FOUND', `No file IMPEX/${clean}.`);
    delete state.files[clean];
    this.#touch(instanceId);
  }

  files(instanceId: string, folder: string): string[] {
    const prefix = normalise(folder).replace(/\/?$/, '/');
    return Object.keys(this.#state(instanceId).files)
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .sort();
  }

  // ─── jobs ───

  jobs(instanceId: string): JobDefinition[] {
    return Object.values(this.#state(instanceId).jobs);
  }

  saveJob(instanceId: string, job: JobDefinition): JobDefinition {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(job.id)) throw new AppError(400, 'INVALID_JOB_ID', `Job ID '${job.id}' must be 1 to 256 letters, digits, '.', '-' or '_'.`);
    if (job.steps.length === 0) throw new AppError(400, 'NO_STEPS', 'A job needs at least one step.');
    this.#state(instanceId).jobs[job.id] = job;
    this.#touch(instanceId);
    return job;
  }

  execution(instanceId: string, jobId: string, id: string): JobExecution {
    const execution = own(this.#state(instanceId).executions, id);
    if (!execution || execution.jobId !== jobId) {
      throw new AppError(404, 'JobExecutionNotFoundException', `No execution ${id} of job ${jobId}.`, { details: { jobExecutionId: { type: 'string', value: id } } });
    }
    return execution;
  }

  lastExecutions(instanceId: string, jobId: string, limit = 5): JobExecution[] {
    return Object.values(this.#state(instanceId).executions)
      .filter((e) => e.jobId === jobId)
      .slice(-limit);
  }

  /** Runs the job now, step after step; a step ending in error stops the job. */
  run(instanceId: string, jobId: string, clientId: string | undefined, overrides: Record<string, string> = {}): JobExecution {
    const state = this.#state(instanceId);
    const job = own(state.jobs, jobId);
    if (!job) throw new AppError(404, 'JobNotFoundException', `No job with id '${jobId}'. Create it in Administration > Operations > Jobs.`, { details: { jobId: { type: 'string', value: jobId } } });
    const start = this.#now();
    const execution: JobExecution = {
      id: String(state.nextExecution++),
      jobId,
      clientId,
      startTime: start,
      endTime: start,
      exitStatus: { status: 'ok', code: 'OK', message: '' },
      steps: [],
      log: [`${start} INFO Job ${jobId} started${clientId ? ` by ${clientId}` : ''}`],
    };
    job.steps.forEach((step, i) => {
      if (execution.exitStatus.status === 'error') return;
      const exit = this.#runStep(instanceId, step, { ...step.parameters, ...overrides }, execution.log);
      execution.steps.push({ stepId: `${i + 1}-${step.type}`, type: step.type, exitStatus: exit });
      execution.exitStatus = exit;
    });
    execution.endTime = this.#now();
    execution.log.push(`${execution.endTime} INFO Job ${jobId} finished: ${execution.exitStatus.code}${execution.exitStatus.message ? ` (${execution.exitStatus.message})` : ''}`);
    state.executions[execution.id] = execution;
    this.#touch(instanceId);
    this.#journal.emit({ type: 'b2c.job.finished', tenant: instanceId, data: { jobId, executionId: execution.id, exit: execution.exitStatus.code } });
    return execution;
  }

  #runStep(instanceId: string, step: JobStep, p: Record<string, string>, log: string[]): ExitStatus {
    if (step.type === 'ExportInventoryLists') {
      const listIds = p.InventoryListIDs ? p.InventoryListIDs.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const file = `src/${(p.ExportFile ?? 'inventory_export.xml').replace(/^\/+/, '')}`;
      this.putFile(instanceId, file, exportInventoryXml(this.#inventory, instanceId, listIds));
      log.push(`${this.#now()} INFO ExportInventoryLists: wrote IMPEX/${file}`);
      return { status: 'ok', code: 'OK', message: `exported to IMPEX/${file}` };
    }
    const folder = `src/${(p.WorkingFolder ?? '').replace(/^\/+|\/+$/g, '')}`.replace(/\/$/, '');
    let pattern: RegExp;
    try {
      pattern = new RegExp(p.FileNamePattern ?? '.*');
    } catch {
      return { status: 'error', code: 'ERROR', message: `FileNamePattern '${p.FileNamePattern}' is not a regular expression` };
    }
    const mode = (p.ImportMode ?? 'Merge').toUpperCase();
    if (!['MERGE', 'UPDATE', 'REPLACE', 'DELETE'].includes(mode)) return { status: 'error', code: 'ERROR', message: `ImportMode '${p.ImportMode}' must be Merge, Update, Replace or Delete` };
    const names = this.files(instanceId, folder).filter((f) => pattern.test(f.slice(folder.length + 1)));
    if (names.length === 0) {
      const handling = p.NoFilesFoundHandling ?? 'NO_FILES_FOUND';
      log.push(`${this.#now()} INFO ImportInventoryLists: no files in IMPEX/${folder} match ${pattern.source}`);
      return { status: handling === 'ERROR' ? 'error' : 'ok', code: handling, message: 'no files found' };
    }
    const outcome = importInventoryFiles(this.#inventory, instanceId, names.map((name) => ({ name: `IMPEX/${name}`, text: this.file(instanceId, name) })), mode as ImportMode, this.#now());
    log.push(...outcome.log);
    const after = p.AfterImportFileHandling ?? 'Archive';
    for (const name of names) {
      if (after === 'Delete') this.deleteFile(instanceId, name);
      else if (after.startsWith('Archive')) {
        const text = this.file(instanceId, name);
        this.deleteFile(instanceId, name);
        this.putFile(instanceId, `${(p.ArchiveFolder ?? 'archive').replace(/^\/+|\/+$/g, '')}/${name.split('/').pop()}`, text);
      }
    }
    if (outcome.status === 'ERROR') {
      const failed = (p.ImportFailedHandling ?? 'WARN') === 'ERROR';
      return { status: failed ? 'error' : 'ok', code: failed ? 'ERROR' : 'WARN', message: 'a file failed validation' };
    }
    return { status: 'ok', code: 'OK', message: `${outcome.dataErrors} data errors` };
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #touch(instanceId: string): void {
    this.#store.touch(namespace(instanceId));
  }
}

function normalise(path: string): string {
  const clean = path.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
  if (clean.split('/').some((part) => part === '..' || part === '.')) throw new AppError(400, 'INVALID_PATH', `'${path}' is not a path inside IMPEX.`);
  return clean;
}
