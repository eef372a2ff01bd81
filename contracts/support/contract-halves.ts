import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorHttp } from '../../emulator/cli/pact/emulator-http.js';
import { groupByProvider, readPactFile } from '../../emulator/cli/pact/pact-files.js';
import { verifyProvider } from '../../emulator/cli/pact/provider-verifier.js';
import { SEQUENCE_STATE } from '../../emulator/cli/pact/sequence-state.js';
import type { ProviderName } from '../../emulator/cli/pact/catalogue.js';
import type { Emulator } from '../../emulator/index.js';
import type { StepName } from '../../emulator/sequence/steps.js';
import { DEMO, OCI_AM_SCOPES } from '../../fixtures/well-known.js';
import { requestToken } from '../consumers/inventory-integration/account-manager-client.js';
import { freshConsumerPact, PACT_LOG_LEVEL, pactFile, readPact } from './pacts.js';
import { startProviderEmulator } from './provider-emulator.js';

// The two halves of a contract file: the consumer's tests write the pact, the provider's verify that very pact
// against an emulator of their own (one file, so the provider always verifies what this run wrote). The provider
// half verifies as `oci-emulator verify-pacts` does (emulator/cli/pact): the catalogue's provider states, built
// over the emulator's HTTP endpoints only, and its token rules. Beside them, the headers and shapes the Commerce
// API contracts (the OCI ones) all match.

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

/**
 * The sequence-aware provider state, for `.given(...stepsDone('trust.established'))`: the interaction expects these
 * steps of the documented sequence done before it. Given after the interaction's own state, it checks the world
 * that state built (verify-pacts resets once per interaction); alone, the world the earlier interactions left.
 */
export const stepsDone = (...steps: StepName[]): [string, { steps: StepName[] }] => [SEQUENCE_STATE, { steps }];

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

export interface WrittenPact {
  consumer: string;
  provider: ProviderName;
  /** How many interactions the consumer half writes. */
  interactions: number;
}

/**
 * Verifies the pact the consumer half wrote, once sure it holds all its `interactions` (a failed consumer test
 * leaves it half-written), through verify-pacts' own verifier against the emulator's URL.
 */
export async function verifyWrittenPact(pair: WrittenPact, emulator: Emulator & { url: string }): Promise<void> {
  expect(readPact(pair.consumer, pair.provider).interactions).toHaveLength(pair.interactions);
  // Checked as verify-pacts checks a team's file: a provider or state the catalogue lacks is named before anything runs.
  const pacts = groupByProvider([await readPactFile(pactFile(pair.consumer, pair.provider))], pair.provider).get(pair.provider)!;
  const result = await verifyProvider(pair.provider, pacts, new EmulatorHttp(emulator.url), PACT_LOG_LEVEL);
  if (!result.verified) expect.fail(`${pair.provider} does not honour ${pair.consumer}:\n${result.failure ?? 'no reason given'}`);
}

/** A provider half that only verifies: its own emulator, the pact the consumer half above wrote. */
export function describeProviderVerification(v: WrittenPact & { timeout: number }): void {
  describe(`provider ${v.provider} honours ${v.consumer}`, { timeout: v.timeout }, () => {
    const emulator = useProviderEmulator();
    it('verifies the pact written above', async () => {
      await verifyWrittenPact(v, emulator());
    });
  });
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
