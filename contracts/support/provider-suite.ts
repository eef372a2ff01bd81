import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactFile, readPact } from './pacts.js';
import { startProviderEmulator } from './provider-emulator.js';
import { verifyProvider, type StateSetup, type TokenRule } from './verify-provider.js';

// The provider half of a contract file: an in-process emulator verifies the pact that the consumer half wrote in
// this very run. The pact must hold every interaction first: a half-written pact, after a consumer test failed,
// is not verified.

export type ProviderEmulator = Awaited<ReturnType<typeof startProviderEmulator>>;

export interface PactVerification {
  consumer: string;
  provider: string;
  /** How many interactions the consumer half writes. */
  interactions: number;
  timeout: number;
  /** The provider states, set up on the running emulator. */
  states(emulator: ProviderEmulator): Record<string, StateSetup>;
  /** Which token each request gets, when not the demo rules (DEMO_TOKEN_RULES). */
  tokens?(emulator: ProviderEmulator): readonly TokenRule[];
}

export function describeProviderVerification(v: PactVerification): void {
  describe(`provider ${v.provider} honours ${v.consumer}`, { timeout: v.timeout }, () => {
    let emulator: ProviderEmulator | undefined;
    beforeAll(async () => {
      emulator = await startProviderEmulator();
    });
    afterAll(async () => {
      await emulator?.close();
    });

    it('verifies the pact written above', async () => {
      expect(readPact(v.consumer, v.provider).interactions).toHaveLength(v.interactions);
      await verifyProvider({ provider: v.provider, pactFiles: [pactFile(v.consumer, v.provider)], emulator: emulator!, stateHandlers: v.states(emulator!), tokens: v.tokens?.(emulator!) });
    });
  });
}
