import { activeRequest } from '../core/active-request.js';
import type { VirtualClock } from '../core/clock.js';
import type { Enforcement } from '../core/enforcement.js';
import type { AppError } from '../core/errors/app-error.js';
import type { EventEntry } from '../core/journal.js';
import { dict } from '../core/objects.js';
import type { Store } from '../core/store/store.js';
import type { Services } from '../party.js';
import { SetupFacts } from './facts.js';
import { emptySequence, instanceScope, SEQUENCE_NAMESPACE, tenantGroupScope, type SequenceState, type StepRecord } from './model.js';
import { recommendationsAtSwitch } from './recommendations.js';
import { recognitions, type Recognition } from './recognize.js';
import { stepOf, STEPS, type StepName } from './steps.js';

// The documented-sequence checker: it watches the domain events, keeps the step record, tells the products
// whether a step may happen now (strict mode refuses it in the product's own dialect, lenient lets it through),
// and marks what a fixture already did. Reports are built from it (report.ts).

export interface SequenceDeps {
  store: Store;
  clock: VirtualClock;
  enforcement: Enforcement;
  services: Services;
}

/** Who a step is for: an instance (its tenant group found from the facts when not given) or a tenant group. */
export interface StepSubject {
  instanceId?: string;
  tenantGroupId?: string;
}

export class SequenceService {
  readonly facts: SetupFacts;
  readonly #d: SequenceDeps;

  constructor(deps: SequenceDeps) {
    this.#d = deps;
    this.facts = new SetupFacts(deps.services);
  }

  get services(): Services {
    return this.#d.services;
  }

  get enforcement(): Enforcement {
    return this.#d.enforcement;
  }

  now(): number {
    return this.#d.clock.now();
  }

  /** The step record as kept (the report reads it). */
  state(): SequenceState {
    return this.#d.store.ensure<SequenceState>(SEQUENCE_NAMESPACE, emptySequence);
  }

  record(step: StepName, subject: StepSubject): StepRecord | undefined {
    const key = this.#scopeKey(step, subject);
    return key ? this.state().scopes[key]?.[step] : undefined;
  }

  /** After a reset, a fixture load or a fresh start: what the world already holds counts as done "by fixture". */
  rearm(): void {
    if (this.#d.store.get(SEQUENCE_NAMESPACE) !== undefined) return;
    this.#markFixture();
  }

  /** Marks what the world holds as done by the fixture (the record starts over). */
  #markFixture(): void {
    const state = this.state();
    const at = new Date(this.#d.clock.now()).toISOString();
    const mark = (step: StepName, subject: StepSubject) => {
      const key = this.#scopeKey(step, subject)!;
      const records = (state.scopes[key] ??= dict());
      records[step] = { done: { at, by: 'fixture', fixture: true } };
    };
    for (const tg of this.facts.tenantGroups()) {
      for (const step of STEPS) if (step.scope === 'tenant-group' && this.facts.holds(step.name, undefined, tg)) mark(step.name, { tenantGroupId: tg });
    }
    for (const id of this.facts.instances()) {
      const tg = this.facts.tenantGroupOf(id);
      for (const step of STEPS) if (step.scope === 'instance' && this.facts.holds(step.name, id, tg)) mark(step.name, { instanceId: id });
    }
    this.#d.store.touch(SEQUENCE_NAMESPACE);
  }

  /**
   * After one tenant's reset: a step whose work the reset took back is forgotten, one the fixture holds and the
   * record lacks is marked by the fixture, and one that still holds keeps its record (trust lives in the org, which
   * an instance's reset leaves alone).
   */
  #afterTenantReset(tenant: string): void {
    const state = this.state();
    const at = new Date(this.#d.clock.now()).toISOString();
    const subjects: StepSubject[] = [
      ...this.facts.tenantGroups().filter((tg) => tg === tenant).map((tg) => ({ tenantGroupId: tg })),
      ...this.facts.instances().filter((id) => id === tenant).map((id) => ({ instanceId: id, tenantGroupId: this.facts.tenantGroupOf(id) })),
    ];
    for (const subject of subjects) {
      const scope = subject.instanceId ? 'instance' : 'tenant-group';
      for (const step of STEPS) {
        if (step.scope !== scope) continue;
        const key = this.#scopeKey(step.name, subject)!;
        const rec = state.scopes[key]?.[step.name];
        const done = rec?.done !== undefined && rec.undone === undefined;
        const holds = this.facts.holds(step.name, subject.instanceId, subject.tenantGroupId);
        if (done && !holds) delete state.scopes[key]![step.name];
        else if (!done && holds) this.#recordAt(key, step.name).done = { at, by: 'fixture', fixture: true };
      }
    }
    if (subjects.some((s) => s.instanceId)) delete state.lastImport[tenant];
    this.#d.store.touch(SEQUENCE_NAMESPACE);
  }

  /**
   * Before a step a product is about to take: the earlier steps that do not hold now. Strict mode records the
   * refusal and throws the product's own error (`refuse`, in its dialect); lenient mode answers the violation in
   * words and lets the product go on (the step is then recorded out of order when its event comes).
   */
  check(step: StepName, subject: StepSubject, refuse: (message: string, missing: StepName[]) => AppError): string | undefined {
    const tg = subject.tenantGroupId ?? (subject.instanceId ? this.facts.tenantGroupOf(subject.instanceId) : undefined);
    const missing = (stepOf(step).after as StepName[]).filter((before) => !this.facts.holds(before, subject.instanceId, tg));
    if (missing.length === 0) return undefined;
    const message = outOfOrderMessage(step, missing);
    if (!this.#d.enforcement.strict) return message;
    const key = this.#scopeKey(step, { ...subject, tenantGroupId: tg });
    if (key) {
      const rec = this.#recordAt(key, step);
      const request = activeRequest();
      rec.refused = { count: (rec.refused?.count ?? 0) + 1, at: new Date(this.#d.clock.now()).toISOString(), missing, ...(request ? { requestId: request.correlationId } : {}) };
      this.#d.store.touch(SEQUENCE_NAMESPACE);
    }
    throw refuse(message, missing);
  }

  /** Reads one domain event (the journal's event subscription). */
  observe(event: EventEntry): void {
    // A tenant reset puts that tenant's namespaces back as the fixture had them; its steps follow what holds now.
    if (event.type === 'emulator.reset' && event.data.scope === 'tenant' && event.tenant) return this.#afterTenantReset(event.tenant);
    if (event.type === 'b2c.job.finished') {
      if (event.data.imported === true && event.tenant) {
        this.state().lastImport[event.tenant] = event.time;
        this.#d.store.touch(SEQUENCE_NAMESPACE);
      }
      return;
    }
    for (const r of recognitions(event, this.facts)) this.#apply(r, event);
  }

  #apply(r: Recognition, event: EventEntry): void {
    const subject: StepSubject = { instanceId: r.instanceId, tenantGroupId: r.tenantGroupId ?? (r.instanceId ? this.facts.tenantGroupOf(r.instanceId) : undefined) };
    const key = this.#scopeKey(r.step, subject);
    if (!key) return;
    const existing = this.state().scopes[key]?.[r.step];
    const isDone = existing?.done !== undefined && existing.undone === undefined;
    // Hot events (an availability write for a step long done) stop here, before anything is allocated.
    if (r.action === 'done' && isDone) return;
    if (r.action === 'undo' && !isDone) return;
    if (r.action === 'evaluate') {
      const holds = this.facts.holds(r.step, subject.instanceId, subject.tenantGroupId);
      if (holds === isDone) return;
      if (!holds) return this.#undo(key, r.step, event);
    }
    if (r.action === 'undo') return this.#undo(key, r.step, event);
    this.#done(key, r.step, subject, event);
  }

  #done(key: string, step: StepName, subject: StepSubject, event: EventEntry): void {
    const rec = this.#recordAt(key, step);
    rec.done = { at: event.time, by: byOf(event), ...(event.correlationId ? { requestId: event.correlationId } : {}) };
    delete rec.undone;
    const missing = (stepOf(step).after as StepName[]).filter((before) => !this.#isDone(before, subject));
    if (missing.length > 0) rec.outOfOrder = { missing, enforcement: this.#d.enforcement.mode };
    else delete rec.outOfOrder;
    if (step === 'b2c.mode.oci' && subject.instanceId) {
      const against = recommendationsAtSwitch(event.data.warnings);
      if (against.length > 0) rec.against = against;
      else delete rec.against;
      const last = this.state().lastImport[subject.instanceId];
      if (last) rec.importsBefore = last;
      else delete rec.importsBefore;
    }
    this.#d.store.touch(SEQUENCE_NAMESPACE);
  }

  #undo(key: string, step: StepName, event: EventEntry): void {
    const rec = this.#recordAt(key, step);
    rec.undone = { at: event.time, by: byOf(event), ...(event.correlationId ? { requestId: event.correlationId } : {}) };
    this.#d.store.touch(SEQUENCE_NAMESPACE);
  }

  #isDone(step: StepName, subject: StepSubject): boolean {
    const rec = this.record(step, subject);
    return rec?.done !== undefined && rec.undone === undefined;
  }

  #recordAt(key: string, step: StepName): StepRecord {
    const records = (this.state().scopes[key] ??= dict());
    return (records[step] ??= {});
  }

  #scopeKey(step: StepName, subject: StepSubject): string | undefined {
    if (stepOf(step).scope === 'tenant-group') return subject.tenantGroupId ? tenantGroupScope(subject.tenantGroupId) : undefined;
    return subject.instanceId ? instanceScope(subject.instanceId) : undefined;
  }
}

/** Who did it: the page or API caller the product named, else the client of the request, else nobody known. */
function byOf(event: EventEntry): string {
  if (typeof event.data.by === 'string') return event.data.by;
  return event.client ?? 'unknown';
}

export function outOfOrderMessage(step: StepName, missing: readonly StepName[]): string {
  const def = stepOf(step);
  const needs = missing.map((m) => `${m} (${stepOf(m).title}: ${stepOf(m).where})`).join('; ');
  return `Out of the documented order: ${step} (${def.title}) needs ${missing.length > 1 ? 'these steps' : 'this step'} first — ${needs}.`;
}
