import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { DEMO, OCI_AM_SCOPES } from '../../fixtures/well-known.js';
import { requestToken } from '../consumers/inventory-integration/account-manager-client.js';
import { freshConsumerPact, pactFile, readPact } from './pacts.js';
import { startProviderEmulator } from './provider-emulator.js';
import { verifyProvider, type StateSetup } from './verify-provider.js';

// The two halves of a contract file: the consumer's tests write the pact, the provider's verify that very pact
// against an emulator of their own (one file, so the provider always verifies what this run wrote). Beside them,
// the headers and shapes the Commerce API contracts (the OCI ones) all match.

const { regex } = MatchersV3;

/** A placeholder: a pact cannot hold a real token; the verifier's request filter puts a fresh one in its place. */
export const PLACEHOLDER_TOKEN = 'placeholder-account-manager-token';
/** The bearer header of a request whose token is a placeholder: any token matches, the example names the placeholder. */
export const bearer = (placeholder: string) => ({ Authorization: regex('^Bearer \\S+$', `Bearer ${placeholder}`) });
export const AUTH = bearer(PLACEHOLDER_TOKEN);
export const REQUEST_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };
/** The org's session in a pact (Setup pages, the org's APIs): the verifier issues a real one from the org's token endpoint. */
export const ORG_SESSION_PLACEHOLDER = 'placeholder-org-session';
export const ORG_AUTH = bearer(ORG_SESSION_PLACEHOLDER);
export const JSON_TYPE = regex('^application/json(;.*)?$', 'application/json; charset=utf-8');
export const PROBLEM_TYPE = regex('^application/problem\\+json(;.*)?$', 'application/problem+json');
export const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

/** The consumer half's pact, fresh (its previous file removed) before the half's tests. */
export function useConsumerPact(consumer: string, provider: string): () => PactV4 {
  let pact: PactV4 | undefined;
  beforeAll(() => {
    pact = freshConsumerPact(consumer, provider);
  });
  return () => pact!;
}

/** The provider half's emulator, started before the half's tests and closed after them. */
export function useProviderEmulator(): () => Emulator & { url: string } {
  let emulator: (Emulator & { url: string }) | undefined;
  beforeAll(async () => {
    emulator = await startProviderEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => emulator!;
}

/** Verifies the pact the consumer half wrote, once sure it holds all its `interactions` (a failed consumer test leaves it half-written). */
export async function verifyWrittenPact(
  pair: { consumer: string; provider: string; interactions: number },
  emulator: Emulator,
  stateHandlers: Record<string, StateSetup>,
): Promise<void> {
  expect(readPact(pair.consumer, pair.provider).interactions).toHaveLength(pair.interactions);
  await verifyProvider({ provider: pair.provider, pactFiles: [pactFile(pair.consumer, pair.provider)], emulator, stateHandlers });
}

/** A real token for the integration, from the emulator, for tests that follow a flow with the consumer's own client. */
export async function integrationToken(baseUrl: string): Promise<string> {
  const { accessToken } = await requestToken({
    baseUrl,
    clientId: DEMO.accountManager.integrationClient.id,
    clientSecret: DEMO.accountManager.integrationClient.secret,
    tenant: DEMO.b2c.instanceId,
    scopes: OCI_AM_SCOPES,
  });
  return accessToken;
}
