import type { Store } from '../core/store/store.js';
import type { IntegrationMode } from './integration/model.js';
import type { IntegrationFacts, IntegrationService } from './integration/service.js';
import { B2C_NAMESPACE, type B2cInstance, type B2cState } from './model.js';
import type { CachedRecord } from './oci-cache/model.js';
import type { ListStatus, OciCache } from './oci-cache/service.js';

// What the B2C instance offers the other products (the org's C2C trust names an instance by its Business Manager
// host). They never read B2C's namespaces.

/** An instance as the other products need to know it. */
export type B2cInstanceFacts = Readonly<B2cInstance>;

/** The instance's OCI cache as other products, scripts and tests see it (read-only). */
export interface OciCacheFacts {
  /** Resolves once no stream is reading an export (advance the clock, wait for OCI's jobs, then this). */
  idle(): Promise<void>;
  listStatus(instanceId: string): readonly ListStatus[];
  record(instanceId: string, listId: string, sku: string): CachedRecord | undefined;
  count(instanceId: string): number;
}

export interface B2cServices {
  instances(): readonly B2cInstanceFacts[];
  /** The instance's inventory integration mode (B2C, OCI_CACHE or OCI). */
  mode(instanceId: string): IntegrationMode;
  /** What the OCI Integration page knows of the instance: lists, assignments, retention, cache, storefront. */
  integrationFacts(instanceId: string): IntegrationFacts;
  ociCache: OciCacheFacts;
  /** The instance whose Business Manager host is `host` (case does not matter). */
  instanceByHost(host: string): B2cInstanceFacts | undefined;
}

export function b2cServices(store: Store, integration: IntegrationService, cache: OciCache): B2cServices {
  const instances = () => Object.values(store.get<B2cState>(B2C_NAMESPACE)?.instances ?? {});
  return {
    instances,
    mode: (instanceId) => integration.mode(instanceId),
    integrationFacts: (instanceId) => integration.facts(instanceId),
    ociCache: {
      idle: () => cache.idle(),
      listStatus: (instanceId) => cache.listStatus(instanceId),
      record: (instanceId, listId, sku) => cache.record(instanceId, listId, sku),
      count: (instanceId) => cache.count(instanceId),
    },
    instanceByHost: (host) => instances().find((i) => i.bmHost.toLowerCase() === host.toLowerCase()),
  };
}
