import type { Request } from 'express';
import type { VirtualClock } from '../core/clock.js';
import type { Store } from '../core/store/store.js';
import { own } from '../core/objects.js';
import { keyed } from './keyed.js';
import { B2C_NAMESPACE, emptyInstanceState, instanceNamespace, type B2cInstance, type B2cInstanceState, type B2cState } from './model.js';

// What the B2C services share: each instance's state (created empty on first use), marking it changed, the
// clock's time as B2C writes it, and which instance a request was sent to by its host.

export class InstanceStates {
  readonly #store: Store;
  readonly #clock: VirtualClock;

  constructor(store: Store, clock: VirtualClock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** The instance's state, its dictionaries prototype-free whatever wrote them (a loaded file, a fixture). */
  state(instanceId: string): B2cInstanceState {
    const state = this.#store.ensure(instanceNamespace(instanceId), emptyInstanceState);
    keyed(state.sites);
    keyed(state.stores);
    keyed(state.inventoryLists);
    if (state.records) keyed(state.records);
    return state;
  }

  /** The instance's state if it has any yet; never creates it. */
  existing(instanceId: string): B2cInstanceState | undefined {
    return this.#store.has(instanceNamespace(instanceId)) ? this.state(instanceId) : undefined;
  }

  touch(instanceId: string): void {
    this.#store.touch(instanceNamespace(instanceId));
  }

  now(): string {
    return new Date(this.#clock.now()).toISOString();
  }
}

/** The instance of that id, if there is one (ids come from tokens: only an own entry counts). */
export function instanceOf(store: Store, instanceId: string): B2cInstance | undefined {
  const instances = store.get<B2cState>(B2C_NAMESPACE)?.instances;
  return instances ? own(instances, instanceId) : undefined;
}

/** The instance whose Business Manager host the request's Host header names, if any. */
export function instanceByHost(store: Store, req: Request): string | undefined {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const instances = store.get<B2cState>(B2C_NAMESPACE)?.instances ?? {};
  return Object.values(instances).find((i) => i.bmHost.toLowerCase() === host)?.id;
}
