import { send, refusalBy } from '../consumers/http.js';
import { ServiceError } from '../consumers/service-error.js';

// The emulator's control plane (/__emulator, docs/endpoints.md) as provider states call it: over HTTP, like any
// test of a started emulator, so a state builds its world the way a person at a terminal could, never by writing
// the store.

export class ControlPlaneError extends ServiceError {
  static override readonly service = 'The control plane';
}

const refusal = refusalBy(ControlPlaneError, 'error');

export function controlPlane(baseUrl: string) {
  const post = async (path: string, json: unknown = {}) => (await send(baseUrl, { method: 'POST', path: `/__emulator/${path}`, json }, refusal)).json;
  return {
    /** Back to the world loaded last (the provider's start world, or the last `loadFixtures`). */
    reset: () => post('reset'),
    /** Replaces the world with a fixture set; a reset then returns to it. */
    loadFixtures: (name: 'demo' | 'before-trust') => post('fixtures', { name }),
    /** Moves the frozen clock on (`PT5S`, `P1DT1S` or milliseconds), running every job that falls due. */
    advanceClock: (by: string | number) => post('clock/advance', { by }),
  };
}

/** A short pause in real time: jobs due on the frozen clock run on the next turns of the event loop. */
export const pause = (ms = 5) => new Promise<void>((resolve) => setTimeout(resolve, ms));
