import type { Request } from 'express';
import { version } from '../ocapi/views.js';
import type { ExitStatus, JobExecution } from './model.js';

// A job execution as OCAPI Data shows it (`job_execution`), and as Business Manager's Jobs page lists it.

export function executionDoc(req: Request, e: JobExecution) {
  return {
    _v: version(req),
    _type: 'job_execution',
    ...(e.clientId ? { client_id: e.clientId } : {}),
    duration: Date.parse(e.endTime) - Date.parse(e.startTime),
    end_time: e.endTime,
    execution_status: 'finished',
    exit_status: statusDoc(e.exitStatus),
    id: e.id,
    is_log_file_existing: true,
    job_id: e.jobId,
    log_file_path: `/Sites/Logs/jobs/${e.jobId}/Job-${e.jobId}-${e.id}.log`,
    start_time: e.startTime,
    status: e.exitStatus.code,
    step_executions: e.steps.map((s) => ({
      _type: 'job_step_execution',
      execution_status: 'finished',
      exit_status: statusDoc(s.exitStatus),
      step_id: s.stepId,
      step_type_id: s.type,
    })),
  };
}

function statusDoc(s: ExitStatus) {
  return { _type: 'status', code: s.code, message: s.message, status: s.status };
}

export function executionSummary(e: JobExecution) {
  return { id: e.id, startTime: e.startTime, endTime: e.endTime, exitStatus: e.exitStatus };
}

/** A job execution's log file, as WebDAV serves it. */
export function logText(e: JobExecution): string {
  return `${e.log.join('\n')}\n`;
}
