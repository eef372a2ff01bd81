import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { clientOf } from '../../core/auth/require-auth.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { jsonBody } from '../../core/http/body.js';
import { onlyMethods } from '../../core/http/methods.js';
import { parseBody } from '../../core/http/parse-body.js';
import { dictionaryOf } from '../keyed.js';
import { MAX_IMPEX_FILE_BYTES, STEP_TYPES, type JobExecution, type JobsService } from './service.js';

// The ways in to an instance's jobs: WebDAV for the IMPEX files and the job logs, Business Manager's Jobs page
// (Administration > Operations > Jobs) to define a job's steps, and OCAPI Data to run one and read its execution.

const PIPELINE = '/on/demandware.store/Sites-Site/default';
const WEBDAV = '/on/demandware.servlet/webdav/Sites';

export interface JobRouteDeps {
  jobs: JobsService;
  session: RequestHandler[];
  ocapi: RequestHandler[];
  bodyLimit: number;
}

/** Parameters by name: zod's record would drop a `__proto__` name, so the entries are read as they came. */
const parameters = z
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'must be an object of name: value')
  .refine((v) => Object.values(v).every((value) => typeof value === 'string'), 'must have string values')
  .transform((v) => dictionaryOf(Object.entries(v as Record<string, string>)));
const jobBody = z.object({
  id: z.string('must be a string'),
  description: z.string('must be a string').optional(),
  steps: z.array(z.object({ type: z.enum(STEP_TYPES, `must be one of ${STEP_TYPES.join(', ')}`), parameters: parameters.optional() }), 'must be a list of steps'),
});
const executionBody = z.object({ parameters: z.array(z.object({ name: z.string('must be a string'), value: z.string('must be a string') }), 'must be a list of {name, value}').optional() });

export function jobRoutes(deps: JobRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const inst = (res: Response) => String(res.locals.instance);
  const { jobs } = deps;

  // WebDAV: IMPEX files in and out, job logs out.
  const impex = `${WEBDAV}/Impex/*path`;
  router.put(impex, ...deps.session, (req, res, next) => {
    readText(req, MAX_IMPEX_FILE_BYTES)
      .then((text) => {
        const { created } = jobs.putFile(inst(res), pathOf(req), text);
        res.status(created ? 201 : 204).end();
      })
      .catch(next);
  });
  router.get(impex, ...deps.session, (req, res) => {
    res.type('application/xml').send(jobs.file(inst(res), pathOf(req)));
  });
  router.delete(impex, ...deps.session, (req, res) => {
    jobs.deleteFile(inst(res), pathOf(req));
    res.status(204).end();
  });
  router.all(impex, onlyMethods(['PUT', 'GET', 'DELETE']));
  router.get(`${WEBDAV}/Logs/jobs/:jobId/:file`, ...deps.session, (req, res) => {
    const executionId = logExecutionId(String(req.params.file));
    if (!executionId) throw new AppError(404, GenericCode.NotFound, 'No such log file.');
    res.type('text/plain').send(`${jobs.execution(inst(res), String(req.params.jobId), executionId).log.join('\n')}\n`);
  });

  // Business Manager: Administration > Operations > Jobs.
  const jobsPage = (instanceId: string) => ({
    page: 'Administration > Operations > Jobs',
    jobs: jobs.jobs(instanceId).map((j) => ({ ...j, lastExecutions: jobs.lastExecutions(instanceId, j.id).map((e) => executionSummary(e)) })),
  });
  router.get(`${PIPELINE}/Jobs-Show`, ...deps.session, (_req, res) => {
    res.json(jobsPage(inst(res)));
  });
  router.post(`${PIPELINE}/Jobs-Save`, ...deps.session, ...json, (req, res) => {
    const b = parseBody(jobBody, req.body);
    jobs.saveJob(inst(res), { id: b.id, description: b.description ?? '', steps: b.steps.map((s) => ({ type: s.type, parameters: s.parameters ?? dictionaryOf([]) })) });
    res.json(jobsPage(inst(res)));
  });
  router.all(`${PIPELINE}/Jobs-Show`, onlyMethods(['GET']));
  router.all(`${PIPELINE}/Jobs-Save`, onlyMethods(['POST']));

  // OCAPI Data: run a job, read an execution.
  const executions = '/s/-/dw/data/:version/jobs/:jobId/executions';
  router.post(executions, ...deps.ocapi, ...json, async (req, res) => {
    const b = executionBody.safeParse(req.body ?? {});
    if (!b.success) throw new AppError(400, GenericCode.ValidationFailed, `Property 'parameters' ${b.error.issues[0]!.message}.`);
    const overrides = dictionaryOf((b.data.parameters ?? []).map((p) => [p.name, p.value] as const));
    res.json(executionDoc(req, await jobs.run(inst(res), String(req.params.jobId), clientOf(res.locals.principal), overrides)));
  });
  router.all(executions, onlyMethods(['POST']));
  router.get(`${executions}/:executionId`, ...deps.ocapi, (req, res) => {
    res.json(executionDoc(req, jobs.execution(inst(res), String(req.params.jobId), String(req.params.executionId))));
  });
  router.all(`${executions}/:executionId`, onlyMethods(['GET']));
  return router;
}

function pathOf(req: Request): string {
  const path = req.params.path as unknown;
  return Array.isArray(path) ? path.join('/') : String(path);
}

/** The execution id of a log file name `Job-<jobId>-<id>.log`, read without a backtracking pattern. */
function logExecutionId(file: string): string | undefined {
  const dash = file.lastIndexOf('-');
  const id = file.slice(dash + 1, -'.log'.length);
  return file.startsWith('Job-') && file.endsWith('.log') && dash > 4 && /^\d+$/.test(id) ? id : undefined;
}

function executionSummary(e: JobExecution) {
  return { id: e.id, startTime: e.startTime, endTime: e.endTime, exitStatus: e.exitStatus };
}

function executionDoc(req: Request, e: JobExecution) {
  const version = String(req.params.version).slice(1).replace('_', '.');
  return {
    _v: version,
    _type: 'job_execution',
    ...(e.clientId ? { client_id: e.clientId } : {}),
    duration: Date.parse(e.endTime) - Date.parse(e.startTime),
    end_time: e.endTime,
    execution_status: 'finished',
    exit_status: { _type: 'status', code: e.exitStatus.code, message: e.exitStatus.message, status: e.exitStatus.status },
    id: e.id,
    is_log_file_existing: true,
    job_id: e.jobId,
    log_file_path: `/Sites/Logs/jobs/${e.jobId}/Job-${e.jobId}-${e.id}.log`,
    start_time: e.startTime,
    status: e.exitStatus.code,
    step_executions: e.steps.map((s) => ({
      _type: 'job_step_execution',
      execution_status: 'finished',
      exit_status: { _type: 'status', code: s.exitStatus.code, message: s.exitStatus.message, status: s.exitStatus.status },
      step_id: s.stepId,
      step_type_id: s.type,
    })),
  };
}

/** The request body as text, refusing more than `limit` bytes at once (413). */
function readText(req: Request, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        reject(new AppError(413, GenericCode.PayloadTooLarge, `IMPEX files are limited to ${limit} bytes on the emulator.`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}
