import { z } from 'zod';
import { AppError } from '../core/errors/app-error.js';
import { isStepName, STEP_NAMES, type StepName } from './steps.js';

// GET /__emulator/sequence takes: `instance` (one integration), `through` (judge only the steps up to it),
// `expect` (step names, comma-separated or repeated, that must be done), `format` (json or text). A step name the
// catalogue does not know is a 400 listing the known ones, so a typo in a CI gate fails loudly, never passes.

export interface SequenceQuery {
  instanceId?: string;
  through?: StepName;
  expect?: StepName[];
  format: 'json' | 'text';
}

const oneString = (name: string) => z.union([z.string(), z.array(z.string()).length(1).transform((a) => a[0]!)], `${name} must be given once`).optional();

const schema = z.object({
  instance: oneString('instance'),
  through: oneString('through'),
  expect: z.union([z.string(), z.array(z.string())], 'expect must be step names').optional(),
  format: z.enum(['json', 'text'], "format must be 'json' or 'text'").optional(),
});

export function sequenceQuery(query: unknown): SequenceQuery {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw new AppError(400, 'VALIDATION_FAILED', parsed.error.issues[0]!.message);
  const { instance, through, expect, format } = parsed.data;
  const names = (Array.isArray(expect) ? expect : expect === undefined ? [] : [expect]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  // An empty value is a gate that checks nothing (an unset CI variable): refused, never passed.
  if (expect !== undefined && names.length === 0) throw new AppError(400, 'VALIDATION_FAILED', 'expect names no step: give one or more step names, comma-separated.');
  if (instance === '') throw new AppError(400, 'VALIDATION_FAILED', 'instance is empty: name a B2C instance id, or leave it out for every instance.');
  const unknown = [...(through === undefined ? [] : [through]), ...names].filter((n) => !isStepName(n));
  if (unknown.length > 0) {
    throw new AppError(400, 'UNKNOWN_STEP', `Unknown step ${unknown.map((n) => `'${n}'`).join(', ')}; the documented sequence has: ${STEP_NAMES.join(', ')}.`, { details: { unknown, known: [...STEP_NAMES] } });
  }
  return {
    ...(instance !== undefined ? { instanceId: instance } : {}),
    ...(through ? { through: through as StepName } : {}),
    ...(expect !== undefined ? { expect: names as StepName[] } : {}),
    format: format ?? 'json',
  };
}
