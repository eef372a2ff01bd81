import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MatchersV3, PactV4, SpecificationVersion, type LogLevel } from '@pact-foundation/pact';
import { InteractionWithResponse } from '@pact-foundation/pact/src/v4/http/interactionWithResponse.js';

// Pacts live in contracts/pacts/ and are committed: the diff of a pact file is the review of a contract
// change. Each consumer test starts from a deleted file, because Pact merges into an existing pact and would
// otherwise keep interactions that were renamed or removed.

export const PACT_DIR = fileURLToPath(new URL('../pacts/', import.meta.url));

/**
 * The Pact core's log level, set once per process by the first pact or verifier. `error`: its warnings are about
 * its own runtime (matching a multipart body logs "Could not get the tokio runtime, will try start a new one"),
 * never about the contract, whose failures the tests report. LOG_LEVEL=debug (Pact's own variable) shows them.
 */
export const PACT_LOG_LEVEL: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'error';

export function pactFile(consumer: string, provider: string): string {
  return `${PACT_DIR}${consumer}-${provider}.json`;
}

export function removePact(consumer: string, provider: string): void {
  rmSync(pactFile(consumer, provider), { force: true });
}

/**
 * Pact's mock server (core of Pact JS 16.3 and later) records a matched request on a task of its own after it has
 * answered, so the check that follows a test function can run first and report a request the client sent, and got
 * its answer to, as "expected but not received" (pact-foundation/pact-core-mock-server#13, pact-js#1835). Until
 * the core records it before answering, every consumer test lets that task run before the check.
 */
const RECORDING_GRACE_MS = 25;
const executeTest = InteractionWithResponse.prototype.executeTest;
InteractionWithResponse.prototype.executeTest = function <T>(this: InteractionWithResponse, testFn: Parameters<typeof executeTest<T>>[0]) {
  return executeTest.call(this, async (mockServer) => {
    const value = await testFn(mockServer);
    await new Promise((resolve) => setTimeout(resolve, RECORDING_GRACE_MS));
    return value;
  }) as Promise<T | undefined>;
};

/** A V4 consumer pact writing into contracts/pacts/, after the previous file for the pair was removed. */
export function freshConsumerPact(consumer: string, provider: string): PactV4 {
  removePact(consumer, provider);
  return new PactV4({ consumer, provider, dir: PACT_DIR, spec: SpecificationVersion.SPECIFICATION_VERSION_V4, logLevel: PACT_LOG_LEVEL });
}

/** A UUID, as a regular expression source (ids the provider issues). */
export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * A path holding ids only the provider can issue: each `${name}` is a provider-state expression, filled in with
 * the value the state returns when the provider is verified. Such a path is matched by type alone, so the rules
 * add the shape it must have (ids matching `idPattern`, UUIDs by default) for the consumer's mock server.
 */
export function providerStatePath(template: string, example: Record<string, string>, idPattern = UUID) {
  const { fromProviderState, regex } = MatchersV3;
  const value = template.replace(/\$\{(\w+)\}/g, (_, name: string) => example[name] ?? name);
  const pattern = `^${template.split(/\$\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(idPattern)}$`;
  return { path: fromProviderState(template, value), rules: { path: { path: '$', rules: [regex(pattern, value)] } } };
}

export interface PactDocument {
  consumer: { name: string };
  provider: { name: string };
  interactions: { description: string; providerStates?: { name: string }[] }[];
}

export function readPact(consumer: string, provider: string): PactDocument {
  const file = pactFile(consumer, provider);
  if (!existsSync(file)) throw new Error(`No pact at ${file}: the consumer tests did not write it (did they fail?)`);
  return JSON.parse(readFileSync(file, 'utf8')) as PactDocument;
}

/**
 * An application/x-www-form-urlencoded request body, for `b.body(f.contentType, f.body).matchingRules(f.rules)`.
 * Pact JS 16 offers form bodies only through its binary-body call, which also adds a `contentType` rule that
 * sniffs the bytes as text/plain and fails every field; per-field equality rules are more specific and win.
 */
export function formBody(fields: Record<string, string>) {
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: Buffer.from(new URLSearchParams(fields).toString(), 'utf8'),
    rules: { body: Object.entries(fields).map(([name, value]) => ({ path: `$.${name}`, rules: [MatchersV3.equal(value)] })) },
  };
}
