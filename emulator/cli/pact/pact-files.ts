import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isKnownProvider, KNOWN_PROVIDERS, statesOf, type ProviderName } from './catalogue.js';
import { expectedSteps, SEQUENCE_STATE } from './sequence-state.js';
import { PactInputError } from './errors.js';

// The pact files a team hands over, read and checked before anything runs: a file that is not a pact, a provider
// the emulator does not play, or a provider state it cannot set up is refused with the file and the reason, since
// Pact itself would only warn about an unknown state and let the interaction fail far from the cause.

export interface PactFile {
  file: string;
  consumer: string;
  provider: string;
  interactions: number;
  /** Every provider state an interaction names, with its parameters and the interaction. */
  states: { name: string; params: Record<string, unknown>; interaction: string }[];
}

/** The pact files at the paths: a file as given, a folder's `*.json` files (not its subfolders), each once. */
export async function collectPactFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new PactInputError('no pact files given: name pact files or folders holding them');
  const files = new Set<string>();
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      throw new PactInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`);
    }
    if (!isDirectory) {
      files.add(resolve(path));
      continue;
    }
    const inside = (await readdir(path, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => resolve(join(path, e.name)));
    if (inside.length === 0) throw new PactInputError(`no pact files found in ${path}: it holds no *.json file`);
    for (const file of inside.sort()) files.add(file);
  }
  return [...files];
}

/** Reads one pact file and checks it is an HTTP pact: consumer and provider named, interactions with requests. */
export async function readPactFile(file: string): Promise<PactFile> {
  const refuse = (why: string): never => {
    throw new PactInputError(`${file} is not a pact the emulator can verify: ${why}`);
  };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PactInputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return refuse(`it is not JSON (${(error as Error).message})`);
  }
  if (!isObject(doc)) return refuse('expected a JSON object with consumer, provider and interactions');
  const consumer = nameOf(doc.consumer) ?? refuse('consumer.name is missing (a pact names its consumer)');
  const provider = nameOf(doc.provider) ?? refuse('provider.name is missing (a pact names its provider)');
  if (doc.interactions === undefined && Array.isArray(doc.messages)) return refuse('it holds messages; the emulator verifies HTTP interactions only');
  if (!Array.isArray(doc.interactions)) return refuse('"interactions" must be an array');
  if (doc.interactions.length === 0) return refuse('it holds no interactions');
  const states: PactFile['states'] = [];
  doc.interactions.forEach((interaction: unknown, index: number) => {
    if (!isObject(interaction)) return refuse(`interaction ${index + 1} is not an object`);
    const description = typeof interaction.description === 'string' ? interaction.description : refuse(`interaction ${index + 1} has no description`);
    if (interaction.type !== undefined && interaction.type !== 'Synchronous/HTTP') {
      return refuse(`interaction "${description}" is ${String(interaction.type)}; the emulator verifies HTTP interactions only`);
    }
    const request = interaction.request;
    if (!isObject(request) || typeof request.method !== 'string' || typeof request.path !== 'string') return refuse(`interaction "${description}" has no request with a method and a path`);
    for (const state of statesNamed(interaction)) states.push({ ...state, interaction: description });
  });
  return { file, consumer, provider, interactions: doc.interactions.length, states };
}

/**
 * Groups the pacts by provider, keeping only `only` when given, and refuses a provider the emulator does not play
 * or a state its catalogue lacks, listing what it knows.
 */
export function groupByProvider(pacts: readonly PactFile[], only?: string): Map<ProviderName, PactFile[]> {
  if (only !== undefined && !isKnownProvider(only)) throw new PactInputError(`--provider ${only}: the emulator does not play that provider; it plays ${KNOWN_PROVIDERS.join(', ')}`);
  const chosen = only === undefined ? pacts : pacts.filter((p) => p.provider === only);
  if (chosen.length === 0) {
    throw new PactInputError(`none of the ${pacts.length} pact files is for provider ${only}; they are for ${[...new Set(pacts.map((p) => p.provider))].join(', ')}`);
  }
  const groups = new Map<ProviderName, PactFile[]>();
  for (const pact of chosen) {
    if (!isKnownProvider(pact.provider)) {
      throw new PactInputError(`${pact.file}: the emulator does not play the provider "${pact.provider}" (consumer ${pact.consumer}); it plays ${KNOWN_PROVIDERS.join(', ')}`);
    }
    const known = statesOf(pact.provider);
    const unknown = pact.states.find((s) => !known.has(s.name));
    if (unknown) {
      throw new PactInputError(
        `${pact.file}: interaction "${unknown.interaction}" names the provider state "${unknown.name}", which the emulator cannot set up for ${pact.provider}. ` +
          `Its known states are:\n${[...known.keys()].map((name) => `  - ${name}`).join('\n')}`,
      );
    }
    // The steps a sequence-aware interaction expects are checked now, so a typo is bad input, not a failed run.
    for (const state of pact.states.filter((s) => s.name === SEQUENCE_STATE)) {
      try {
        expectedSteps(state.params);
      } catch (error) {
        throw new PactInputError(`${pact.file}: interaction "${state.interaction}": ${(error as Error).message}`);
      }
    }
    groups.set(pact.provider, [...(groups.get(pact.provider) ?? []), pact]);
  }
  return groups;
}

/** Every pact file at the paths, read, checked and grouped by provider. */
export async function loadPacts(paths: readonly string[], only?: string): Promise<Map<ProviderName, PactFile[]>> {
  const files = await collectPactFiles(paths);
  const pacts: PactFile[] = [];
  for (const file of files) pacts.push(await readPactFile(file));
  return groupByProvider(pacts, only);
}

/** V3 and V4 name states in `providerStates`, V2 in one `providerState`. */
function statesNamed(interaction: Record<string, unknown>): { name: string; params: Record<string, unknown> }[] {
  if (Array.isArray(interaction.providerStates)) {
    return interaction.providerStates.map((s: unknown) => (isObject(s) && typeof s.name === 'string' ? { name: s.name, params: isObject(s.params) ? s.params : {} } : { name: String(s), params: {} }));
  }
  return typeof interaction.providerState === 'string' ? [{ name: interaction.providerState, params: {} }] : [];
}

function nameOf(party: unknown): string | undefined {
  return isObject(party) && typeof party.name === 'string' && party.name.trim() !== '' ? party.name : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
