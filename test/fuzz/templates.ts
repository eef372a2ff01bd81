// Express 5 path templates (`/a/:id`, `/a/*rest`, `/a{/:opt}`) read into parts: to fill them with values, and
// to recognise a concrete path (an example, a link in an answer) as an instance of one and pull its values out.

export type Part = { kind: 'text'; text: string } | { kind: 'param'; name: string; wild: boolean } | { kind: 'optional'; parts: Part[] };

export interface Template {
  path: string;
  parts: Part[];
  params: string[];
  regex: RegExp;
}

export function parseTemplate(path: string): Template {
  let i = 0;
  const read = (end?: string): Part[] => {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (i < path.length) {
      const c = path[i]!;
      if (c === end) {
        i++;
        break;
      }
      if (c === '{') {
        flush();
        i++;
        parts.push({ kind: 'optional', parts: read('}') });
      } else if ((c === ':' || c === '*') && /[A-Za-z_]/.test(path[i + 1] ?? '')) {
        flush();
        const name = /^[A-Za-z_$][\w$]*/.exec(path.slice(i + 1))![0];
        parts.push({ kind: 'param', name, wild: c === '*' });
        i += 1 + name.length;
      } else {
        text += c === '\\' ? path[++i] : c;
        i++;
      }
    }
    flush();
    return parts;
  };
  const parts = read();
  const params: string[] = [];
  const source = (ps: Part[]): string =>
    ps
      .map((p) => {
        if (p.kind === 'text') return p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (p.kind === 'optional') return `(?:${source(p.parts)})?`;
        params.push(p.name);
        return p.wild ? '(.+)' : '([^/]+)';
      })
      .join('');
  const regex = new RegExp(`^${source(parts)}/?$`);
  return { path, parts, params, regex };
}

/** The raw (still encoded) values of the template's parameters in a concrete path, or undefined. */
export function matchPath(t: Template, path: string): Record<string, string> | undefined {
  const m = t.regex.exec(path);
  if (!m) return undefined;
  const out: Record<string, string> = Object.create(null);
  t.params.forEach((name, i) => {
    if (m[i + 1] !== undefined) out[name] = m[i + 1]!;
  });
  return out;
}

/** A concrete path: `value` gives each parameter's raw segment text; optional groups are in or out by `keep`. */
export function fillTemplate(t: Template, value: (name: string, wild: boolean) => string, keep: () => boolean): string {
  const write = (ps: Part[]): string =>
    ps.map((p) => (p.kind === 'text' ? p.text : p.kind === 'optional' ? (keep() ? write(p.parts) : '') : value(p.name, p.wild))).join('');
  return write(t.parts);
}
