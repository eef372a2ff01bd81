import { Router, type RequestHandler, type Response } from 'express';
import { clientOf } from '../../core/auth/require-auth.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';
import { param } from '../ocapi/requests.js';
import { executionOverrides, impexPath, logExecutionId, readText } from './requests.js';
import { MAX_IMPEX_FILE_BYTES, type JobsService } from './service.js';
import { executionDoc, logText } from './views.js';

// The ways in to an instance's jobs besides Business Manager's Jobs page (business-manager/routes.ts): WebDAV
// for the IMPEX files and the job logs, and OCAPI Data to run a job and read its execution.

const WEBDAV = '/on/demandware.servlet/webdav/Sites';
const EXECUTIONS = '/s/-/dw/data/:version/jobs/:jobId/executions';

export interface JobRouteDeps {
  jobs: JobsService;
  session: RequestHandler[];
  ocapi: RequestHandler[];
  bodyLimit: number;
}

export function jobRoutes(deps: JobRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const inst = (res: Response) => String(res.locals.instance);
  const { jobs, session } = deps;

  // WebDAV: IMPEX files in and out, job logs out.
  resource(router, undefined, `${WEBDAV}/Impex/*path`, {
    PUT: [
      ...session,
      async (req, res) => {
        const { created } = jobs.putFile(inst(res), impexPath(req), await readText(req, MAX_IMPEX_FILE_BYTES));
        res.status(created ? 201 : 204).end();
      },
    ],
    GET: [...session, (req, res) => res.type('application/xml').send(jobs.file(inst(res), impexPath(req)))],
    DELETE: [
      ...session,
      (req, res) => {
        jobs.deleteFile(inst(res), impexPath(req));
        res.status(204).end();
      },
    ],
  });
  resource(router, undefined, `${WEBDAV}/Logs/jobs/:jobId/:file`, {
    GET: [
      ...session,
      (req, res) => {
        const executionId = logExecutionId(param(req, 'file'));
        if (!executionId) throw new AppError(404, GenericCode.NotFound, 'No such log file.');
        res.type('text/plain').send(logText(jobs.execution(inst(res), param(req, 'jobId'), executionId)));
      },
    ],
  });

  // OCAPI Data: run a job, read an execution.
  resource(router, undefined, EXECUTIONS, {
    POST: [
      ...deps.ocapi,
      ...json,
      async (req, res) => {
        const overrides = executionOverrides(req.body);
        res.json(executionDoc(req, await jobs.run(inst(res), param(req, 'jobId'), clientOf(res.locals.principal), overrides)));
      },
    ],
  });
  resource(router, undefined, `${EXECUTIONS}/:executionId`, {
    GET: [...deps.ocapi, (req, res) => res.json(executionDoc(req, jobs.execution(inst(res), param(req, 'jobId'), param(req, 'executionId'))))],
  });
  return router;
}
