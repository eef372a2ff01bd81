// Just enough XML for a SOAP envelope: elements, attributes, namespaces, text, CDATA, comments and the
// predefined and numeric character references. DOCTYPE and entity declarations are refused outright, so no
// external entity or expansion attack can reach the emulator; depth and size are capped.

export interface XmlElement {
  /** The name as written, `soapenv:Body`. */
  name: string;
  local: string;
  /** Namespace URI the prefix (or the default namespace) resolves to. */
  ns: string | undefined;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const MAX_DEPTH = 32;
const MAX_ELEMENTS = 2000;
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  const p = new Parser(source.replace(/^\uFEFF/, ''));
  p.skipMisc();
  if (p.peek() !== '<') throw new XmlError('Content is not allowed in prolog.');
  const root = p.element(new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), 0);
  p.skipMisc();
  if (!p.done()) throw new XmlError('Content is not allowed in trailing section.');
  return root;
}

class Parser {
  #s: string;
  #i = 0;
  #elements = 0;

  constructor(source: string) {
    this.#s = source;
  }

  done(): boolean {
    return this.#i >= this.#s.length;
  }

  peek(): string {
    return this.#s[this.#i] ?? '';
  }

  /** Whitespace, the XML declaration, processing instructions and comments between elements. */
  skipMisc(): void {
    for (;;) {
      while (/\s/.test(this.peek())) this.#i++;
      if (this.#starts('<?')) this.#skipPast('?>');
      else if (this.#starts('<!--')) this.#skipPast('-->');
      else if (this.#starts('<!')) throw new XmlError('DOCTYPE is disallowed: the request may not declare a document type or entities.');
      else return;
    }
  }

  element(scope: ReadonlyMap<string, string>, depth: number): XmlElement {
    if (depth > MAX_DEPTH) throw new XmlError('The document nests elements too deeply.');
    if (++this.#elements > MAX_ELEMENTS) throw new XmlError('The document has too many elements.');
    this.#expect('<');
    const name = this.#name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const hadSpace = this.#skipSpace();
      if (this.#starts('/>') || this.#starts('>')) break;
      if (!hadSpace) throw new XmlError(`Element type "${name}" must be followed by either attribute specifications, ">" or "/>".`);
      const attr = this.#name();
      this.#skipSpace();
      this.#expect('=');
      this.#skipSpace();
      const quote = this.peek();
      if (quote !== '"' && quote !== "'") throw new XmlError(`Open quote is expected for attribute "${attr}".`);
      const end = this.#s.indexOf(quote, this.#i + 1);
      if (end < 0) throw new XmlError('Premature end of file.');
      if (Object.hasOwn(attrs, attr)) throw new XmlError(`Attribute "${attr}" was already specified for element "${name}".`);
      attrs[attr] = decode(this.#s.slice(this.#i + 1, end));
      this.#i = end + 1;
    }
    const inner = new Map(scope);
    for (const [attr, value] of Object.entries(attrs)) {
      if (attr === 'xmlns') inner.set('', value);
      else if (attr.startsWith('xmlns:')) inner.set(attr.slice(6), value);
    }
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    if (prefix && !inner.has(prefix)) throw new XmlError(`The prefix "${prefix}" for element "${name}" is not bound.`);
    const el: XmlElement = { name, local: colon < 0 ? name : name.slice(colon + 1), ns: inner.get(prefix) || undefined, attrs, children: [], text: '' };
    if (this.#starts('/>')) {
      this.#i += 2;
      return el;
    }
    this.#i++;
    for (;;) {
      if (this.done()) throw new XmlError('Premature end of file.');
      if (this.#starts('</')) {
        this.#i += 2;
        const closing = this.#name();
        if (closing !== name) throw new XmlError(`The element type "${name}" must be terminated by the matching end-tag "</${name}>".`);
        this.#skipSpace();
        this.#expect('>');
        return el;
      }
      if (this.#starts('<![CDATA[')) {
        const end = this.#s.indexOf(']]>', this.#i);
        if (end < 0) throw new XmlError('Premature end of file.');
        el.text += this.#s.slice(this.#i + 9, end);
        this.#i = end + 3;
      } else if (this.#starts('<!--')) {
        this.#skipPast('-->');
      } else if (this.#starts('<?')) {
        this.#skipPast('?>');
      } else if (this.#starts('<!')) {
        throw new XmlError('DOCTYPE is disallowed: the request may not declare a document type or entities.');
      } else if (this.peek() === '<') {
        el.children.push(this.element(inner, depth + 1));
      } else {
        const next = this.#s.indexOf('<', this.#i);
        const end = next < 0 ? this.#s.length : next;
        el.text += decode(this.#s.slice(this.#i, end));
        this.#i = end;
      }
    }
  }

  #name(): string {
    const m = NAME.exec(this.#s.slice(this.#i, this.#i + 256));
    if (!m) throw new XmlError('The markup in the document following the root element must be well-formed.');
    this.#i += m[0].length;
    return m[0];
  }

  #skipSpace(): boolean {
    const start = this.#i;
    while (/\s/.test(this.peek())) this.#i++;
    return this.#i > start;
  }

  #starts(token: string): boolean {
    return this.#s.startsWith(token, this.#i);
  }

  #expect(token: string): void {
    if (!this.#starts(token)) throw new XmlError(this.done() ? 'Premature end of file.' : `Expected "${token}".`);
    this.#i += token.length;
  }

  #skipPast(token: string): void {
    const end = this.#s.indexOf(token, this.#i);
    if (end < 0) throw new XmlError('Premature end of file.');
    this.#i = end + token.length;
  }
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new XmlError('The entity name must immediately follow the "&" in the entity reference.');
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) throw new XmlError(`Invalid character reference ${whole}.`);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    if (value === undefined) throw new XmlError(`The entity "${ref}" was referenced, but not declared.`);
    return value;
  });
}

/** The first child with this local name (and namespace, when given). */
export function child(el: XmlElement | undefined, local: string, ns?: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && (ns === undefined || c.ns === ns));
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${Object.keys(PREDEFINED).find((k) => PREDEFINED[k] === c)};`);
}
