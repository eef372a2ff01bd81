// An instance's jobs (Administration > Operations > Jobs: a job is steps with parameters) and their executions.

export const STEP_TYPES = ['ImportInventoryLists', 'ExportInventoryLists'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export interface JobStep {
  type: StepType;
  /** By parameter name (a dictionary: any name is an ordinary key). */
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

export const ok = (message = ''): ExitStatus => ({ status: 'ok', code: 'OK', message });
export const failed = (message: string): ExitStatus => ({ status: 'error', code: 'ERROR', message });
