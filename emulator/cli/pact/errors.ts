// The two ways verify-pacts stops before any interaction is verified, kept apart because the command answers them
// with different exit codes: the input is wrong (2), or the emulator it was pointed at is not there (3).

/** A pact file, path or option the command cannot work with: nothing was verified. */
export class PactInputError extends Error {
  override readonly name = 'PactInputError';
}

/** The emulator at `--url` did not answer (or is not an emulator). */
export class EmulatorUnreachableError extends Error {
  override readonly name = 'EmulatorUnreachableError';
}

/** An error as it crosses the process boundary to the command (see isolated.ts). */
export interface SerializedError {
  kind: 'input' | 'unreachable' | 'other';
  message: string;
}

export function serializeError(error: unknown): SerializedError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PactInputError) return { kind: 'input', message };
  if (error instanceof EmulatorUnreachableError) return { kind: 'unreachable', message };
  return { kind: 'other', message };
}

export function deserializeError(error: SerializedError): Error {
  if (error.kind === 'input') return new PactInputError(error.message);
  if (error.kind === 'unreachable') return new EmulatorUnreachableError(error.message);
  return new Error(error.message);
}
