// A 64-bit fingerprint of a JSON-like value, computed by walking it rather than serialising it first: requests are
// fingerprinted to tell "the same request again" from "another request under the same id", on hot write paths
// where JSON.stringify plus a hash costs more than the work the request asks for. Keys are taken in their
// object order, as JSON.stringify would, so the same body parsed twice gives the same fingerprint.

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

export function fingerprint(value: unknown): string {
  const state = { a: 0x811c9dc5, b: 0x9e3779b9 };
  walk(value, state);
  return `${(state.a >>> 0).toString(36)}.${(((state.b ^ (state.b >>> 15)) >>> 0) | 1).toString(36)}`;
}

interface State {
  a: number;
  b: number;
}

function mix(state: State, code: number): void {
  state.a = Math.imul(state.a ^ code, 0x01000193);
  state.b = Math.imul((state.b + code) | 0, 0x5bd1e995);
}

function text(s: string, state: State): void {
  for (let i = 0; i < s.length; i++) mix(state, s.charCodeAt(i));
  mix(state, 0x10000 + s.length);
}

function walk(value: unknown, state: State): void {
  switch (typeof value) {
    case 'string':
      mix(state, 1);
      text(value, state);
      return;
    case 'number':
      mix(state, 2);
      bits[0] = value;
      mix(state, words[0]!);
      mix(state, words[1]!);
      return;
    case 'boolean':
      mix(state, value ? 3 : 4);
      return;
    case 'undefined':
      mix(state, 5);
      return;
    case 'object':
      if (value === null) {
        mix(state, 6);
        return;
      }
      if (Array.isArray(value)) {
        mix(state, 7);
        for (const item of value) walk(item, state);
        mix(state, 8 + value.length);
        return;
      }
      mix(state, 9);
      for (const key in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        text(key, state);
        walk(v, state);
      }
      mix(state, 10);
      return;
    default:
      mix(state, 11);
  }
}
