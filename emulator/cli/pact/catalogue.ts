import { ACCOUNT_MANAGER_STATES } from './account-manager.js';
import { B2C_COMMERCE_STATES } from './b2c-commerce.js';
import { OCI_AVAILABILITY_STATES } from './oci-availability.js';
import { OCI_IMPEX_STATES } from './oci-impex.js';
import { OCI_RESERVATION_STATES } from './oci-reservation.js';
import { SALESFORCE_ORG_STATES } from './salesforce-org.js';
import { SEQUENCE_STATE, sequenceState } from './sequence-state.js';
import type { StateSetup } from './state-kit.js';

// The providers the emulator plays, each with the provider states a consumer's pact may name (`given`). A state
// is built only through the emulator's HTTP endpoints, so the catalogue serves an emulator in any process.

export const PROVIDER_STATES = {
  'account-manager': ACCOUNT_MANAGER_STATES,
  'salesforce-org': SALESFORCE_ORG_STATES,
  'oci-availability': OCI_AVAILABILITY_STATES,
  'oci-impex': OCI_IMPEX_STATES,
  'oci-reservation': OCI_RESERVATION_STATES,
  'b2c-commerce': B2C_COMMERCE_STATES,
} as const satisfies Record<string, Record<string, StateSetup>>;

export type ProviderName = keyof typeof PROVIDER_STATES;

export const KNOWN_PROVIDERS = Object.keys(PROVIDER_STATES) as ProviderName[];

export function isKnownProvider(name: string): name is ProviderName {
  return Object.hasOwn(PROVIDER_STATES, name);
}

/**
 * The states of a provider, by name (a Map, so a state named like an Object property is still unknown), and for
 * every provider the sequence-aware state (sequence-state.ts).
 */
export function statesOf(provider: ProviderName): ReadonlyMap<string, StateSetup> {
  return new Map([...Object.entries(PROVIDER_STATES[provider]), [SEQUENCE_STATE, sequenceState]]);
}
