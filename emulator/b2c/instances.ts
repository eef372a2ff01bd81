import type { Request } from 'express';
import type { VirtualClock } from '../core/clock.js';
import type { Store } from '../core/store/store.js';
import { B2C_NAMESPACE, emptyInstanceState, instanceNamespace, type B2cInstanceState, type B2cState } from './model.js';

// What the B2C services share: each instance's state (created empty on first use), marking it changed, the
// clock's time as B2C writes it, and which instance a request was sent to by its host.

export class InstanceStates {
  readonly #store: Store;
  readonly #clock: VirtualClock;

  constructor(store: Store, clock: VirtualClock) {
    this.#store = store;
    this.#clock = clock;
  }

  state(instanceId: string): B2cInstanceState {
    return this.#store.ensure(instanceNamespace(instanceId), emptyInstanceState);
  }

  touch(instanceId: string): void {
    this.#store.touch(instanceNamespace(instanceId));
  }

  now(): string {
    return new Date(this.#clock.now()).toISOString();
  }
}

/** The instance whose Business Manager host the request's Host header names, if any. */
export function instanceByHost(store: Store, req: Request): string | undefined {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const instances = store.get<B2cState>(B2C_NAMESPACE)?.instances ?? {};
  return Object.values(instances).find((i) => i.bmHost.toLowerCase() === host)?.id;
}
