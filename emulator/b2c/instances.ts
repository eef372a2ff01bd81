import type { IncomingHttpHeaders } from 'node:http';
import type { VirtualClock } from '../core/clock.js';
import type { Journal } from '../core/journal.js';
import { definedOnly, own } from '../core/objects.js';
import type { Store } from '../core/store/store.js';
import { keyedState } from './keyed.js';
import { B2C_NAMESPACE, emptyInstanceState, instanceNamespace, type B2cInstance, type B2cInstanceState, type B2cState } from './model.js';

// What the B2C services share: each instance's state (created empty on first use), marking it changed, partial
// updates, the clock's time as B2C writes it, the journal, and which instance a request was sent to by its host.

export class InstanceStates {
  readonly #d: { store: Store; clock: VirtualClock; journal: Journal };
  readonly #listeners = new Set<(instanceId: string) => void>();

  constructor(deps: { store: Store; clock: VirtualClock; journal: Journal }) {
    this.#d = deps;
  }

  /** The instance's state, its dictionaries prototype-free whatever wrote them (a loaded file, a fixture). */
  state(instanceId: string): B2cInstanceState {
    return keyedState(this.#d.store, instanceNamespace(instanceId), emptyInstanceState, ['sites', 'stores', 'inventoryLists', 'records']);
  }

  /** The instance's state if it has any yet; never creates it. */
  existing(instanceId: string): B2cInstanceState | undefined {
    return this.#d.store.has(instanceNamespace(instanceId)) ? this.state(instanceId) : undefined;
  }

  touch(instanceId: string): void {
    this.#d.store.touch(instanceNamespace(instanceId));
    for (const listener of this.#listeners) listener(instanceId);
  }

  /** Calls `listener` after every change to an instance's state (the OCI cache re-reads its lists then). */
  onChange(listener: (instanceId: string) => void): void {
    this.#listeners.add(listener);
  }

  /** A partial update (PATCH, UPDATE mode): the fields given replace the record's, now last modified. */
  patch<T extends { lastModified?: string }>(instanceId: string, record: T, input: Partial<NoInfer<T>>): T {
    Object.assign(record, definedOnly(input), { lastModified: this.now() });
    this.touch(instanceId);
    return record;
  }

  now(): string {
    return new Date(this.#d.clock.now()).toISOString();
  }

  /** A journal event of the instance. */
  emit(instanceId: string, type: string, data: Record<string, unknown>): void {
    this.#d.journal.emit({ type, tenant: instanceId, data });
  }
}

/** The instance of that id, if there is one (ids come from tokens: only an own entry counts). */
export function instanceOf(store: Store, instanceId: string): B2cInstance | undefined {
  const instances = store.get<B2cState>(B2C_NAMESPACE)?.instances;
  return instances ? own(instances, instanceId) : undefined;
}

/** The instance whose Business Manager host the request's Host header names, if any. */
export function instanceByHost(store: Store, req: { headers: IncomingHttpHeaders }): string | undefined {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const instances = store.get<B2cState>(B2C_NAMESPACE)?.instances ?? {};
  return Object.values(instances).find((i) => i.bmHost.toLowerCase() === host)?.id;
}
