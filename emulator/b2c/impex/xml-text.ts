// What a B2C import file may contain beyond its schema, checked before and after fast-xml-parser reads it. The
// parser runs with its entity handling off: the file's text is decoded here, strictly as XML without a DTD allows
// (the five predefined entities and character references), so nothing can expand, reach outside the file or pass
// as literal `&name;` text.
// - A DOCTYPE is refused: import files are validated against inventory.xsd only, and a DTD is where entities
//   (billion laughs, external files) would be defined.
// - Any other `&name;` is an undefined entity, which XML makes a fatal error.

export class XmlTextError extends Error {}

/** Refuses a DOCTYPE anywhere outside comments and CDATA sections; scans once, in linear time. */
export function refuseDoctype(xml: string): void {
  let at = 0;
  for (;;) {
    const open = xml.indexOf('<!', at);
    if (open < 0) return;
    if (xml.startsWith('<!--', open)) at = skipTo(xml, '-->', open + 4);
    else if (xml.startsWith('<![CDATA[', open)) at = skipTo(xml, ']]>', open + 9);
    else if (xml.startsWith('<!DOCTYPE', open)) throw new XmlTextError(doctypeMessage(xml, open));
    else at = open + 2;
    if (at < 0) return;
  }
}

function skipTo(xml: string, end: string, from: number): number {
  const found = xml.indexOf(end, from);
  return found < 0 ? -1 : found + end.length;
}

function doctypeMessage(xml: string, open: number): string {
  const close = xml.indexOf(']>', open);
  const declaration = xml.slice(open, close < 0 ? open + 2000 : Math.min(close + 2, open + 2000));
  const entity = /<!ENTITY\s+%?\s*([^\s"'>]{1,64})/.exec(declaration);
  const external = /^<!DOCTYPE\s+[^\s[>]+\s+(?:SYSTEM|PUBLIC)\b/.exec(declaration);
  const what = entity ? `it defines entities (<!ENTITY ${entity[1]} …>)` : external ? 'it refers to an external DTD' : 'it declares a DTD';
  return `The file has a DOCTYPE and ${what}. Import files may not declare a DTD or entities: they are validated against the schema only.`;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&([^;&\s]{0,32});?/g;

/** Text or an attribute value with its entity and character references replaced; `where` names it in errors. */
export function decodeText(raw: string, where: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlTextError(`${where}: '&' must start an entity reference such as &amp; (found "${whole}").`);
    if (Object.hasOwn(PREDEFINED, name)) return PREDEFINED[name]!;
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(name) ? parseInt(name.slice(2), 16) : /^#[0-9]{1,7}$/.test(name) ? Number(name.slice(1)) : undefined;
    if (code === undefined) throw new XmlTextError(`${where}: the entity &${name}; is not defined (only &amp; &lt; &gt; &quot; &apos; and character references are).`);
    if (!isXmlChar(code)) throw new XmlTextError(`${where}: &${name}; is not a character XML allows.`);
    return String.fromCodePoint(code);
  });
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
