import type { Emulator } from '../../emulator/index.js';
import type { StateParams, StateSetup, StateValues } from './verify-provider.js';

// Most provider states are "the fixture world, plus something": every interaction starts from a reset, so one
// verification cannot leak changes (a batch-update, a minted token) into the next, whatever the order.

/**
 * A state that resets the emulator to its fixture world and then runs `then`, which may change more through
 * the emulator's own services and return values for the pact's `fromProviderState` expressions.
 */
export function fromFixtureWorld(emulator: Emulator, then?: (params: StateParams) => StateValues | void): StateSetup {
  return (params) => {
    emulator.control.resetAll();
    return then?.(params);
  };
}

/**
 * Throws when the fixture no longer gives what a state's name promises, so verification stops at the cause
 * instead of failing an interaction somewhere downstream.
 */
export function expectFixture(condition: boolean, promise: string): asserts condition {
  if (!condition) throw new Error(`the fixture world drifted: it no longer gives ${promise}`);
}
