import type { SequenceReport } from '../../sequence/report.js';
import { isStepName, STEP_NAMES } from '../../sequence/steps.js';
import { sequenceText } from '../../sequence/views.js';
import type { StateSetup } from './state-kit.js';

// Sequence-aware verification: a consumer declares, as a provider state of an interaction, the steps of the
// documented sequence it expects done before it —
//   given('these steps of the documented sequence are done', { steps: ['trust.established'] })
// — and the verification of that interaction fails with the sequence checker's report when one is not. The state
// builds nothing and resets nothing: it asks the checker about the world as the interaction finds it (after the
// interaction's other states, or after the consumer's own earlier interactions when it names no other).

export const SEQUENCE_STATE = 'these steps of the documented sequence are done';

/** The steps a SEQUENCE_STATE names (`steps`: an array or a comma-separated string); throws on anything else. */
export function expectedSteps(params: Record<string, unknown>): string[] {
  const raw = params.steps;
  const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) && raw.every((s) => typeof s === 'string') ? (raw as string[]) : undefined;
  const steps = list?.map((s) => s.trim()).filter(Boolean) ?? [];
  if (steps.length === 0) throw new Error(`the state "${SEQUENCE_STATE}" needs the parameter steps: step names, e.g. {"steps": ["trust.established"]}`);
  const unknown = steps.filter((s) => !isStepName(s));
  if (unknown.length > 0) throw new Error(`the state "${SEQUENCE_STATE}" names unknown steps ${unknown.map((s) => `'${s}'`).join(', ')}; the documented sequence has: ${STEP_NAMES.join(', ')}`);
  return steps;
}

export const sequenceState: StateSetup = async (ctx, params) => {
  const steps = expectedSteps(params);
  const answer = await ctx.http.call('GET', '/__emulator/sequence', { query: { expect: steps.join(',') }, bearer: ctx.http.adminToken });
  const report = answer.json as SequenceReport;
  const missing = report.expected?.missing ?? [];
  if (missing.length > 0) {
    throw new Error(`the consumer expects ${missing.join(', ')} done before this interaction, and the emulator's sequence checker has ${missing.length > 1 ? 'them' : 'it'} not done:\n${sequenceText(report)}`);
  }
};
