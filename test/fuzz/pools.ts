import type { Rng } from '../../emulator/core/rng.js';
import { encode } from './hostile.js';
import { matchPath, type Template } from './templates.js';

// Good values for path parameters and body fields, so a case can be hostile in one place and valid everywhere
// else. They come from the example paths (samples.ts) and from the answers the emulator gives while fuzzing:
// a link in an answer that matches a route template gives that route's parameters (an upload link's id), an
// `id` in an answer of a collection gives the parameter of the item route below it, and a field named like a
// parameter (`importId`, `deltaToken`) gives that name's values. Values are kept as raw (encoded) path text.

const MAX_PER_POOL = 40;
const SHORT = /^[\x21-\x7e]{1,200}$/;

export class Pools {
  readonly #byTemplate = new Map<string, Map<string, string[]>>();
  readonly #byName = new Map<string, string[]>();
  readonly #templates: Template[];

  constructor(templates: Template[], examples: readonly string[]) {
    this.#templates = templates;
    for (const path of examples) this.#fromPath(path);
  }

  /** A good raw value for the parameter, preferring values seen for this very route. */
  pick(rng: Rng, template: Template, name: string): string | undefined {
    const own = this.#byTemplate.get(template.path)?.get(name);
    if (own?.length && rng.next() < 0.7) return rng.pick(own);
    const named = this.#byName.get(norm(name));
    if (named?.length) return rng.pick(named);
    return own?.length ? rng.pick(own) : undefined;
  }

  /** A value seen under a body field or parameter name (decoded). */
  named(rng: Rng, name: string): string | undefined {
    const values = this.#byName.get(norm(name));
    return values?.length ? safeDecode(rng.pick(values)) : undefined;
  }

  /** Learns from an answer of `template` (its JSON body and Location header). */
  harvest(template: Template, body: unknown, location: string | undefined): void {
    if (location) this.#fromPath(location);
    const children = this.#templates.filter((t) => t.path.startsWith(`${template.path}/:`) && !t.path.slice(template.path.length + 2).includes('/'));
    const walk = (value: unknown, depth: number): void => {
      if (depth > 4 || value === null || typeof value !== 'object') return;
      for (const [key, v] of Object.entries(value)) {
        if (typeof v === 'string') {
          if (/^(https?:\/\/[^/]+)?\//.test(v)) this.#fromPath(v);
          else if (SHORT.test(v) && (key === 'id' || /id$|token$/i.test(key))) {
            this.#add(this.#byName, norm(key), encode(v));
            if (key === 'id') for (const child of children) this.#addFor(child.path, child.params.at(-1)!, encode(v));
          }
        } else walk(v, depth + 1);
      }
    };
    walk(body, 0);
  }

  #fromPath(url: string): void {
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
    for (const t of this.#templates) {
      const values = matchPath(t, path);
      if (!values) continue;
      for (const [name, value] of Object.entries(values)) {
        this.#addFor(t.path, name, value);
        this.#add(this.#byName, norm(name), value);
      }
    }
  }

  #addFor(template: string, name: string, value: string): void {
    let names = this.#byTemplate.get(template);
    if (!names) this.#byTemplate.set(template, (names = new Map()));
    this.#add(names, name, value);
  }

  #add(map: Map<string, string[]>, key: string, value: string): void {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    if (list.includes(value)) return;
    list.push(value);
    if (list.length > MAX_PER_POOL) list.shift();
  }
}

/** `uploadLinkId`, `upload_link_id` and `UploadLinkID` are one name. */
function norm(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
