// How the emulator treats a step taken out of the documented order: `strict` refuses it with the API's own error
// naming the missing step (the default, so a client that skips a step fails in CI), `lenient` lets it happen and
// records it as a violation, so that its consequences can be replayed. One setting for the whole emulator, from
// createEmulator's option, the CLI's --enforcement flag or the control plane; products read it at the moment of
// the step and never copy it.

export const ENFORCEMENTS = ['strict', 'lenient'] as const;
export type EnforcementMode = (typeof ENFORCEMENTS)[number];

export class Enforcement {
  #mode: EnforcementMode;

  constructor(mode: EnforcementMode = 'strict') {
    this.#mode = mode;
  }

  get mode(): EnforcementMode {
    return this.#mode;
  }

  get strict(): boolean {
    return this.#mode === 'strict';
  }

  set(mode: EnforcementMode): void {
    this.#mode = mode;
  }
}

export function isEnforcementMode(value: unknown): value is EnforcementMode {
  return value === 'strict' || value === 'lenient';
}
