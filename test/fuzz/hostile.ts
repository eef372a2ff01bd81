import type { Rng } from '../../emulator/core/rng.js';

// The hostile values the fuzzer draws from: ids that are also Object.prototype's names, NUL, lone surrogates,
// boundary numbers, bad percent escapes, traversal, 100 KB strings, deep and malformed JSON. JSON values are
// kept as a small tree (Obj keeps its keys as pairs, so `__proto__` is a key like any other; Raw is number text
// JSON.stringify cannot write, such as 1e309 or -0) and written by `render`.

export class Raw {
  constructor(readonly text: string) {}
}
export class Obj {
  constructor(readonly entries: [string, Json][]) {}
}
export type Json = null | boolean | number | string | Raw | Obj | Json[];

/** Names an object inherits: as ids they must be plain ids. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'toJSON'];

/** Path segments as written on the wire (not encoded again). */
export const HOSTILE_SEGMENTS = [
  ...PROTO_NAMES,
  '%5F%5Fproto%5F%5F',
  'constructor%00',
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E',
  'a%2Fb',
  '%5C..%5C',
  '%00',
  'a%00b',
  '%zz',
  '%',
  '%%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%C0%AF',
  '%FF%FE',
  '%F0%9F%98%80',
  '%E2%80%AE',
  '%0D%0ASet-Cookie:x=1',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e308',
  '9007199254740993',
  'Infinity',
  '0x1F',
  'a;b=c',
  "'%20OR%201=1--",
  '%3Cscript%3E',
  '*',
  '~',
  '%7B%7Bx%7D%7D',
  '$%7Bjndi%3Aldap%3A%2F%2Fx%7D',
];

/** Strings for bodies and queries (JSON escapes what needs escaping). */
const HOSTILE_STRINGS = [
  ...PROTO_NAMES,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e',
  '\ufeff',
  '😀',
  '\r\n',
  '../../etc/passwd',
  '..\\..\\windows',
  '%zz',
  '%00',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '2026-13-99T99:99:99Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '0000-00-00T00:00:00Z',
  '2026-03-02T09:00:00Z',
  '2026-03-02',
  '1e308',
  'NaN',
  '-0',
  'Infinity',
  '١٢٣',
  'true',
  'null',
  '^(a+)+$',
  '(.*)*x',
  '[',
  '**/*',
  'SELECT * FROM x',
];

export const BOUNDARY_NUMBERS = ['1e308', '-1e308', '1e309', '-1e309', '-0', '0', '-1', '1.5', '0.1', '2147483648', '4294967296', '9007199254740993', '-9007199254740993', '123456789012345678901234567890', '1e21', '5e-324', '1e-400', '1E400', '0e0', '99999999999'];

export function hostileString(rng: Rng): string {
  const r = rng.next();
  if (r < 0.04) return 'x'.repeat(100 * 1024);
  if (r < 0.08) return 'a'.repeat(rng.pick([129, 256, 1_000, 10_000]));
  if (r < 0.12) return `${'a'.repeat(rng.int(20, 40))}!`;
  return rng.pick(HOSTILE_STRINGS);
}

export function hostileNumber(rng: Rng): Raw {
  return new Raw(rng.pick(BOUNDARY_NUMBERS));
}

export function hostileKey(rng: Rng): string {
  return rng.next() < 0.6 ? rng.pick(PROTO_NAMES) : rng.pick(HOSTILE_STRINGS.filter((s) => s.length < 100));
}

/** Any hostile JSON value, shallow (deep ones come from deepJson). */
export function hostileValue(rng: Rng, depth = 0): Json {
  const r = rng.next();
  if (r < 0.3) return hostileString(rng);
  if (r < 0.55) return hostileNumber(rng);
  if (r < 0.62) return rng.pick([null, true, false]);
  if (r < 0.7) return [];
  if (r < 0.76) return new Obj([]);
  if (depth > 2) return hostileString(rng);
  if (r < 0.88) return Array.from({ length: rng.int(1, 3) }, () => hostileValue(rng, depth + 1));
  return new Obj(Array.from({ length: rng.int(1, 3) }, () => [hostileKey(rng), hostileValue(rng, depth + 1)] as [string, Json]));
}

/** encodeURIComponent that writes a lone surrogate as the bytes of its code point (CESU-8) instead of throwing. */
export function encode(s: string): string {
  if (!/[\ud800-\udfff]/.test(s)) return encodeURIComponent(s);
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c >= 0xd800 && c <= 0xdfff ? cesu(c) : encodeURIComponent(ch);
  }
  return out;
}

function cesu(code: number): string {
  return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
}

export function render(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${render(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(render).join(',')}]`;
  return JSON.stringify(value);
}

/** A plain value (a sample body) as a tree. */
export function tree(value: unknown): Json {
  if (Array.isArray(value)) return value.map(tree);
  if (value !== null && typeof value === 'object') return new Obj(Object.entries(value).map(([k, v]) => [k, tree(v)]));
  return value as Json;
}

/** JSON nested thousands of levels deep (arrays, objects, or both). */
export function deepJson(rng: Rng): string {
  const n = rng.pick([600, 5_000, 20_000, 100_000]);
  switch (rng.int(0, 3)) {
    case 0:
      return `${'['.repeat(n)}${']'.repeat(n)}`;
    case 1:
      return `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    case 2:
      return `{"records":${'[{"x":'.repeat(n)}0${'}]'.repeat(n)}}`;
    default:
      return `${'{"__proto__":'.repeat(n)}{}${'}'.repeat(n)}`;
  }
}

/** Bytes that are not JSON, or almost JSON. */
export function malformedJson(rng: Rng, valid: string): Buffer {
  const cut = valid.slice(0, Math.max(0, rng.int(0, valid.length - 1)));
  const options: (() => string | Buffer)[] = [
    () => cut,
    () => `${valid},`,
    () => valid.replace(/:/, ''),
    () => valid.replace(/"/g, "'"),
    () => `\ufeff${valid}`,
    () => `${valid}\u0000`,
    () => `${valid}${valid}`,
    () => '{"a":1,}',
    () => '{"a":NaN}',
    () => '{"a":Infinity}',
    () => '{"a":undefined}',
    () => '{"a":0x10}',
    () => '{a:1}',
    () => '[1,,2]',
    () => '"\\ud800"',
    () => '{"\\u0000":1}',
    () => '{"a":"\\x41"}',
    () => 'null',
    () => ' ',
    () => '',
    () => Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]),
    () => Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
  ];
  const made = rng.pick(options)();
  return typeof made === 'string' ? Buffer.from(made, 'utf8') : made;
}
