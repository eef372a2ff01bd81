import type { LogLevel } from '@pact-foundation/pact';
import { statesOf, type ProviderName } from './catalogue.js';
import type { EmulatorHttp } from './emulator-http.js';
import type { PactFile } from './pact-files.js';
import { fromFixtureWorld, StateContext, type StateParams } from './state-kit.js';
import { tokenInjectingFilter, tokenRules } from './tokens.js';

// One provider's pacts, verified by Pact's Verifier against the emulator: its proxy asks the catalogue's states
// to set the emulator up, the request filter puts real tokens in place of the pacts' placeholders, and what did not
// match comes back as text a person can read.

export interface ProviderResult {
  provider: ProviderName;
  pacts: { consumer: string; file: string; interactions: number }[];
  interactions: number;
  verified: boolean;
  /** What did not match (or why the run could not finish); absent when verified. */
  failure?: string;
}

interface VerifierReport {
  errors?: { interaction?: string; mismatch?: { type?: string; message?: string; mismatches?: { type?: string; mismatch?: string; path?: string }[] } }[];
}

export async function verifyProvider(provider: ProviderName, pacts: readonly PactFile[], http: EmulatorHttp, logLevel: LogLevel): Promise<ProviderResult> {
  // Loaded here, not at the top: every other command of the CLI would otherwise load Pact's native core.
  const { Verifier } = await import('@pact-foundation/pact');
  const ctx = new StateContext(http);
  // Pact's proxy logs a throwing state handler and answers 200 anyway, so the interaction would then fail for
  // a reason far from the cause. Keep the errors and report them first.
  const stateErrors: string[] = [];
  // An interaction that names no state is set up as the state "": it gets the fixture world too.
  const states = [...statesOf(provider), ['', fromFixtureWorld()] as const];
  const stateHandlers = Object.fromEntries(
    states.map(([name, setup]) => [
      name,
      async (params?: unknown) => {
        try {
          return (await setup(ctx, isParams(params) ? params : {})) ?? undefined;
        } catch (error) {
          const state = name === '' ? 'the fixture world (the interaction names no provider state)' : `provider state "${name}"`;
          stateErrors.push(`${state} could not be set up: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
    ]),
  );
  const outcome = await new Verifier({
    provider,
    providerBaseUrl: http.baseUrl,
    pactUrls: pacts.map((p) => p.file),
    stateHandlers,
    // Once per interaction, before its first state: the states it names build on one reset world.
    beforeEach: async () => ctx.beginInteraction(),
    requestFilter: tokenInjectingFilter(tokenRules(ctx, ctx.guest), http.adminToken),
    failIfNoPactsFound: true,
    logLevel,
  })
    .verifyProvider()
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  // A state may have loaded another fixture set: the next provider (or the running emulator's user) gets theirs back.
  await ctx.restoreFixtures().catch((error: unknown) => stateErrors.push(`putting the emulator's fixture world back failed: ${(error as Error).message}`));
  const result = {
    provider,
    pacts: pacts.map(({ consumer, file, interactions }) => ({ consumer, file, interactions })),
    interactions: pacts.reduce((n, p) => n + p.interactions, 0),
  };
  if (outcome === undefined && stateErrors.length === 0) return { ...result, verified: true };
  const failure = [...stateErrors, ...(outcome === undefined ? [] : [describeFailure(outcome)])].join('\n');
  return { ...result, verified: false, failure };
}

/** Pact's core rejects with its JSON report as the message; anything else (a crash, a refused option) as it is. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  let report: VerifierReport;
  try {
    report = JSON.parse(message) as VerifierReport;
  } catch {
    return message;
  }
  const errors = report.errors ?? [];
  if (errors.length === 0) return 'Pact reported the verification as failed without naming a mismatch';
  return errors
    .map((e, i) => {
      const lines = e.mismatch?.mismatches?.map((m) => `${m.type ?? 'Mismatch'}${m.path ? ` at ${m.path}` : ''}: ${m.mismatch ?? ''}`) ?? [e.mismatch?.message ?? JSON.stringify(e.mismatch)];
      return `${i + 1}) ${e.interaction ?? 'an interaction'}\n${lines.map((l) => `     - ${l}`).join('\n')}`;
    })
    .join('\n');
}

function isParams(value: unknown): value is StateParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
