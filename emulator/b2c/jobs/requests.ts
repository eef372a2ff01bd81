import type { Request } from 'express';
import { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { dictionaryOf } from '../keyed.js';
import { STEP_TYPES, type JobDefinition } from './model.js';

// What clients send to an instance's jobs: a job as Business Manager's Jobs page saves it, parameter overrides
// of an OCAPI run, IMPEX files over WebDAV (as text, with a size limit) and the names of job log files.

/** Parameters by name: zod's record would drop a `__proto__` name, so the entries are read as they came. */
const parameters = z
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'must be an object of name: value')
  .refine((v) => Object.values(v).every((value) => typeof value === 'string'), 'must have string values')
  .transform((v) => dictionaryOf(Object.entries(v as Record<string, string>)));

export const jobBody = z
  .object({
    id: z.string('must be a string'),
    description: z.string('must be a string').optional(),
    steps: z.array(z.object({ type: z.enum(STEP_TYPES, `must be one of ${STEP_TYPES.join(', ')}`), parameters: parameters.optional() }), 'must be a list of steps'),
  })
  .transform((b): JobDefinition => ({ id: b.id, description: b.description ?? '', steps: b.steps.map((s) => ({ type: s.type, parameters: s.parameters ?? dictionaryOf([]) })) }));

const executionBody = z.object({ parameters: z.array(z.object({ name: z.string('must be a string'), value: z.string('must be a string') }), 'must be a list of {name, value}').optional() });

/** The parameters a run overrides, by name. */
export function executionOverrides(body: unknown): Record<string, string> {
  const b = executionBody.safeParse(body ?? {});
  if (!b.success) throw new AppError(400, GenericCode.ValidationFailed, `Property 'parameters' ${b.error.issues[0]!.message}.`);
  return dictionaryOf((b.data.parameters ?? []).map((p) => [p.name, p.value] as const));
}

/** The path under IMPEX a WebDAV request names. */
export function impexPath(req: Request): string {
  const path = req.params.path as unknown;
  return Array.isArray(path) ? path.join('/') : String(path);
}

/** The execution id of a log file name `Job-<jobId>-<id>.log`, read without a backtracking pattern. */
export function logExecutionId(file: string): string | undefined {
  const dash = file.lastIndexOf('-');
  const id = file.slice(dash + 1, -'.log'.length);
  return file.startsWith('Job-') && file.endsWith('.log') && dash > 4 && /^\d+$/.test(id) ? id : undefined;
}

/** The request body as text, refusing more than `limit` bytes at once (413). */
export function readText(req: Request, limit: number): Promise<string> {
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
