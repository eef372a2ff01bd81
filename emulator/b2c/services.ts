import type { Store } from '../core/store/store.js';
import { B2C_NAMESPACE, type B2cInstance, type B2cState } from './model.js';

// What the B2C instance offers the other products (the org's C2C trust names an instance by its Business Manager
// host). They never read B2C's namespaces.

/** An instance as the other products need to know it. */
export type B2cInstanceFacts = Readonly<B2cInstance>;

export interface B2cServices {
  instances(): readonly B2cInstanceFacts[];
  /** The instance whose Business Manager host is `host` (case does not matter). */
  instanceByHost(host: string): B2cInstanceFacts | undefined;
}

export function b2cServices(store: Store): B2cServices {
  const instances = () => Object.values(store.get<B2cState>(B2C_NAMESPACE)?.instances ?? {});
  return {
    instances,
    instanceByHost: (host) => instances().find((i) => i.bmHost.toLowerCase() === host.toLowerCase()),
  };
}
