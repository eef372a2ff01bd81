import type { Recommendation, StepRecord } from './model.js';
import { recommendationsFor } from './recommendations.js';
import type { SequenceService } from './service.js';
import { stepOf, STEP_NAMES, stepsThrough, type StepName } from './steps.js';

// The checker's report, per integration (a B2C instance and the tenant group it integrates with): every step of
// the documented sequence with its status, when and by whom it was done and in which request, whether it came out
// of order (and what was missing), what strict mode refused, and the recommendations it goes against.
//   followed      every step (through `through`, when given) is done, none out of order
//   incomplete    none out of order, but some not done (yet)
//   not-followed  a step was done before one it needs

export type Verdict = 'followed' | 'incomplete' | 'not-followed';
export type StepStatus = 'done' | 'undone' | 'not-done';

export interface StepReport {
  step: StepName;
  phase: string;
  title: string;
  status: StepStatus;
  at?: string;
  by?: string;
  requestId?: string;
  byFixture?: true;
  undone?: StepRecord['undone'];
  outOfOrder?: StepRecord['outOfOrder'];
  refused?: StepRecord['refused'];
  against: Recommendation[];
}

export interface IntegrationReport {
  instanceId: string;
  tenantGroupId: string | null;
  verdict: Verdict;
  /** The first step of the guide not done, if any. */
  next: StepName | null;
  steps: StepReport[];
}

export interface SequenceReport {
  at: string;
  enforcement: 'strict' | 'lenient';
  verdict: Verdict;
  /** Only the steps up to this one (and those it needs) were judged. */
  through: StepName | null;
  /** How many recommendations the integrations go against (they never change the verdict). */
  against: number;
  integrations: IntegrationReport[];
  /** The steps a caller expected done (`expect=`), and those not done in every integration reported. */
  expected?: { steps: StepName[]; missing: StepName[] };
}

export interface ReportOptions {
  instanceId?: string;
  through?: StepName;
  expect?: StepName[];
}

export function sequenceReport(sequence: SequenceService, options: ReportOptions = {}): SequenceReport {
  const { facts } = sequence;
  const judged = options.through ? stepsThrough(options.through) : [...STEP_NAMES];
  const instances = options.instanceId ? [options.instanceId] : facts.instances();
  const now = sequence.now();
  const integrations = instances.map((instanceId): IntegrationReport => {
    const tenantGroupId = facts.tenantGroupOf(instanceId);
    const subject = { instanceId, tenantGroupId };
    const lastImport = sequence.state().lastImport[instanceId];
    const steps = judged.map((step) => stepReport(step, sequence.record(step, subject), recommendationsFor(step, { services: sequence.services, facts, instanceId, tenantGroupId, record: sequence.record(step, subject), lastImport, now })));
    return { instanceId, tenantGroupId: tenantGroupId ?? null, verdict: verdictOf(steps), next: steps.find((s) => s.status !== 'done')?.step ?? null, steps };
  });
  const report: SequenceReport = {
    at: new Date(now).toISOString(),
    enforcement: sequence.enforcement.mode,
    verdict: integrations.length === 0 ? 'incomplete' : worst(integrations.map((i) => i.verdict)),
    through: options.through ?? null,
    against: integrations.reduce((n, i) => n + i.steps.reduce((m, s) => m + s.against.length, 0), 0),
    integrations,
  };
  if (options.expect) {
    const missing = options.expect.filter((step) => integrations.length === 0 || integrations.some((i) => !isDone(sequence, step, i)));
    report.expected = { steps: options.expect, missing };
  }
  return report;
}

function stepReport(step: StepName, rec: StepRecord | undefined, against: Recommendation[]): StepReport {
  const def = stepOf(step);
  const status: StepStatus = rec?.done ? (rec.undone ? 'undone' : 'done') : 'not-done';
  return {
    step,
    phase: def.phase,
    title: def.title,
    status,
    ...(rec?.done ? { at: rec.done.at, by: rec.done.by, ...(rec.done.requestId ? { requestId: rec.done.requestId } : {}), ...(rec.done.fixture ? { byFixture: true as const } : {}) } : {}),
    ...(rec?.undone ? { undone: rec.undone } : {}),
    ...(rec?.outOfOrder ? { outOfOrder: rec.outOfOrder } : {}),
    ...(rec?.refused ? { refused: rec.refused } : {}),
    against,
  };
}

function verdictOf(steps: readonly StepReport[]): Verdict {
  if (steps.some((s) => s.outOfOrder && s.status !== 'not-done')) return 'not-followed';
  return steps.every((s) => s.status === 'done') ? 'followed' : 'incomplete';
}

function worst(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('not-followed')) return 'not-followed';
  return verdicts.includes('incomplete') ? 'incomplete' : 'followed';
}

function isDone(sequence: SequenceService, step: StepName, integration: IntegrationReport): boolean {
  const rec = sequence.record(step, { instanceId: integration.instanceId, tenantGroupId: integration.tenantGroupId ?? undefined });
  return rec?.done !== undefined && rec.undone === undefined;
}
