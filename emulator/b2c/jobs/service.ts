import type { VirtualClock } from '../../core/clock.js';
import { AppError } from '../../core/errors/app-error.js';
import type { Journal } from '../../core/journal.js';
import type { Logger } from '../../core/log.js';
import { own } from '../../core/objects.js';
import type { Store } from '../../core/store/store.js';
import { exportInventoryXml } from '../impex/inventory-export.js';
import type { NativeInventory } from '../inventory/service.js';
import { dictionaryOf } from '../keyed.js';
import { ImpexFiles, insideImpex } from './impex-files.js';
import { importParameterProblem, importStep, trimSlashes } from './import-step.js';
import { failed, ok, type ExitStatus, type JobDefinition, type JobExecution, type JobStep } from './model.js';

export { MAX_IMPEX_FILE_BYTES } from './impex-files.js';
export { STEP_TYPES, type ExitStatus, type JobDefinition, type JobExecution, type JobStep, type StepType } from './model.js';

// An instance's IMPEX folder (files put over WebDAV), its jobs (Administration > Operations > Jobs) and their
// executions with a log. The steps B2C teams run for inventory are ImportInventoryLists and ExportInventoryLists;
// they run in every integration mode (emulator-behaviour.md). An execution runs to its end when started, on the
// emulator's clock. A step's parameters are checked when the job is saved (400) and again when it runs, where a
// problem ends the step in ERROR with a log line; nothing a step meets ends the OCAPI call in a 5xx.

export class JobsService {
  readonly #store: Store;
  readonly #clock: VirtualClock;
  readonly #journal: Journal;
  readonly #inventory: NativeInventory;
  readonly #logger: Pick<Logger, 'error'> | undefined;
  readonly #files: ImpexFiles;
  /** `instance/path` of the files an import is working on. */
  readonly #busy = new Set<string>();

  constructor(store: Store, clock: VirtualClock, journal: Journal, inventory: NativeInventory, logger?: Pick<Logger, 'error'>) {
    this.#store = store;
    this.#clock = clock;
    this.#journal = journal;
    this.#inventory = inventory;
    this.#logger = logger;
    this.#files = new ImpexFiles({ store, now: () => this.#now() });
  }

  // ─── IMPEX files (WebDAV) ───

  putFile(instanceId: string, path: string, text: string): { created: boolean } {
    return this.#files.put(instanceId, path, text);
  }

  file(instanceId: string, path: string): string {
    return this.#files.text(instanceId, path);
  }

  deleteFile(instanceId: string, path: string): void {
    this.#files.delete(instanceId, path);
  }

  files(instanceId: string, folder: string): string[] {
    return this.#files.list(instanceId, folder);
  }

  // ─── jobs ───

  jobs(instanceId: string): JobDefinition[] {
    return Object.values(this.#files.state(instanceId).jobs);
  }

  saveJob(instanceId: string, job: JobDefinition): JobDefinition {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(job.id)) throw new AppError(400, 'INVALID_JOB_ID', `Job ID '${job.id}' must be 1 to 256 letters, digits, '.', '-' or '_'.`);
    if (job.steps.length === 0) throw new AppError(400, 'NO_STEPS', 'A job needs at least one step.');
    job.steps.forEach((step, i) => {
      const problem = stepProblem(step);
      if (problem) throw new AppError(400, 'INVALID_STEP_PARAMETER', `Step ${i + 1} (${step.type}): ${problem}`);
    });
    this.#files.state(instanceId).jobs[job.id] = job;
    this.#files.touch(instanceId);
    return job;
  }

  execution(instanceId: string, jobId: string, id: string): JobExecution {
    const execution = own(this.#files.state(instanceId).executions, id);
    if (!execution || execution.jobId !== jobId) {
      throw new AppError(404, 'JobExecutionNotFoundException', `No execution ${id} of job ${jobId}.`, { details: { jobExecutionId: { type: 'string', value: id } } });
    }
    return execution;
  }

  lastExecutions(instanceId: string, jobId: string, limit = 5): JobExecution[] {
    return Object.values(this.#files.state(instanceId).executions)
      .filter((e) => e.jobId === jobId)
      .slice(-limit);
  }

  /** Runs the job now, step after step; a step ending in error stops the job. */
  async run(instanceId: string, jobId: string, clientId: string | undefined, overrides: Record<string, string> = {}): Promise<JobExecution> {
    const state = this.#files.state(instanceId);
    const job = own(state.jobs, jobId);
    if (!job) throw new AppError(404, 'JobNotFoundException', `No job with id '${jobId}'. Create it in Administration > Operations > Jobs.`, { details: { jobId: { type: 'string', value: jobId } } });
    const start = this.#now();
    const execution: JobExecution = {
      id: String(state.nextExecution++),
      jobId,
      clientId,
      startTime: start,
      endTime: start,
      exitStatus: ok(),
      steps: [],
      log: [`${start} INFO Job ${jobId} started${clientId ? ` by ${clientId}` : ''}`],
    };
    this.#files.touch(instanceId);
    for (const [i, step] of job.steps.entries()) {
      const parameters = dictionaryOf([...Object.entries(step.parameters), ...Object.entries(overrides)]);
      const exit = await this.#runStep(instanceId, step, parameters, execution.log);
      execution.steps.push({ stepId: `${i + 1}-${step.type}`, type: step.type, exitStatus: exit });
      execution.exitStatus = exit;
      if (exit.status === 'error') break;
    }
    execution.endTime = this.#now();
    execution.log.push(`${execution.endTime} INFO Job ${jobId} finished: ${execution.exitStatus.code}${execution.exitStatus.message ? ` (${execution.exitStatus.message})` : ''}`);
    this.#files.state(instanceId).executions[execution.id] = execution;
    this.#files.touch(instanceId);
    // `imported`: an ImportInventoryLists step ended well (the sequence checker tells direct imports from exports).
    const imported = execution.steps.some((s) => s.type === 'ImportInventoryLists' && s.exitStatus.status === 'ok');
    this.#journal.emit({ type: 'b2c.job.finished', tenant: instanceId, data: { jobId, executionId: execution.id, exit: execution.exitStatus.code, imported } });
    return execution;
  }

  async #runStep(instanceId: string, step: JobStep, p: Record<string, string>, log: string[]): Promise<ExitStatus> {
    try {
      if (step.type === 'ExportInventoryLists') return this.#export(instanceId, p, log);
      return await importStep({ instanceId, files: this.#files, inventory: this.#inventory, now: () => this.#now(), log, persisted: () => this.#store.flush(), busy: this.#busy }, p);
    } catch (error) {
      // The step's own checks turn bad input into an exit status; what still throws here is an emulator defect.
      this.#logger?.error(`B2C job step ${step.type} failed on ${instanceId}`, error);
      const message = error instanceof AppError ? error.message : 'the step failed on the emulator (see its console)';
      log.push(`${this.#now()} ERROR ${step.type}: ${message}`);
      return failed(message);
    }
  }

  #export(instanceId: string, p: Record<string, string>, log: string[]): ExitStatus {
    const problem = exportParameterProblem(p);
    if (problem) {
      log.push(`${this.#now()} ERROR ExportInventoryLists: ${problem}`);
      return failed(problem);
    }
    const ids = own(p, 'InventoryListIDs');
    const listIds = ids ? ids.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const file = exportFile(p);
    this.#files.put(instanceId, file, exportInventoryXml(this.#inventory, instanceId, listIds));
    log.push(`${this.#now()} INFO ExportInventoryLists: wrote IMPEX/${file}`);
    return ok(`exported to IMPEX/${file}`);
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }
}

function stepProblem(step: JobStep): string | undefined {
  return step.type === 'ImportInventoryLists' ? importParameterProblem(step.parameters) : exportParameterProblem(step.parameters);
}

const exportFile = (p: Record<string, string>) => `src/${trimSlashes(own(p, 'ExportFile') ?? 'inventory_export.xml')}`;

function exportParameterProblem(p: Record<string, string>): string | undefined {
  return insideImpex(exportFile(p)) ? undefined : `ExportFile '${own(p, 'ExportFile')}' must be a file inside IMPEX/src (no '.' or '..' segments).`;
}
