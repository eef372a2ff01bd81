import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { dictionary } from '../keyed.js';
import { isoDate, isoDateTime } from '../time.js';
import { decodeText, refuseDoctype, XmlTextError } from './xml-text.js';

// B2C's inventory import file (inventory.xsd, namespace http://www.demandware.com/xml/impex/inventory/2007-05-31),
// read into plain lists and records and checked the way the schema checks it: the element order is a fixed
// sequence, `default-instock` is required, ids have no surrounding whitespace, numbers are in range. A schema
// problem fails the whole file; what the schema allows but the data cannot take (an unknown list in UPDATE
// mode) is the import's business, not this reader's. `ats`, `on-order` and `turnover` validate but are read-only:
// they are kept aside so the import can say it ignored them.
// Whatever the parser refuses (a DOCTYPE, an undefined entity, nesting past its limit) is an InventoryXmlError too:
// a file the import cannot read, never a failure of the job itself (xml-text.ts).

export const INVENTORY_NS = 'http://www.demandware.com/xml/impex/inventory/2007-05-31';

export interface XmlList {
  listId: string;
  deleted: boolean;
  defaultInStock: boolean;
  description?: string;
  useBundleInventoryOnly?: boolean;
  onOrder?: boolean;
  records: XmlRecord[];
}

export interface XmlRecord {
  productId: string;
  deleted: boolean;
  allocation?: number;
  allocationTimestamp?: string;
  perpetual?: boolean;
  handling?: 'none' | 'preorder' | 'backorder';
  preorderBackorderAllocation?: number;
  inStockDate?: string;
  /** Read-only elements present in the file (ignored on import). */
  readOnly: string[];
}

export class InventoryXmlError extends Error {}

const HEADER_ORDER = ['default-instock', 'description', 'use-bundle-inventory-only', 'on-order', 'custom-attributes'];
const RECORD_ORDER = [
  'allocation',
  'allocation-timestamp',
  'perpetual',
  'preorder-backorder-handling',
  'preorder-backorder-allocation',
  'in-stock-date',
  'in-stock-datetime',
  'ats',
  'on-order',
  'turnover',
  'custom-attributes',
];
const ID = /^\S(.*\S)?$/;

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const MAX_DEPTH = 32;
// Entities stay as written (decoded by decodeText); CDATA sections stay apart, so their text is taken as it is.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  maxNestedTags: MAX_DEPTH,
});

export function readInventoryXml(xml: string): XmlList[] {
  try {
    refuseDoctype(xml);
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new InventoryXmlError(`Not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
    return readDocument(parser.parse(xml) as Node[]);
  } catch (error) {
    throw error instanceof InventoryXmlError ? error : new InventoryXmlError(refusal(error));
  }
}

/** Why the parser (or the check before it) refused the file, in the log's words. */
function refusal(error: unknown): string {
  if (error instanceof XmlTextError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/nested tags/i.test(message)) return `The file nests elements deeper than ${MAX_DEPTH} levels; the schema needs far fewer.`;
  return `The XML parser refused the file: ${message.replace(/^\[\w+\]\s*/, '')}`;
}

function readDocument(doc: Node[]): XmlList[] {
  const root = doc.find((n) => nameOf(n) !== '?xml');
  if (!root || nameOf(root) !== 'inventory') throw new InventoryXmlError(`The root element must be <inventory>, not <${root ? nameOf(root) : 'nothing'}>.`);
  const ns = root[':@']?.xmlns;
  if (ns !== INVENTORY_NS) throw new InventoryXmlError(`The <inventory> element must be in the namespace ${INVENTORY_NS}${ns ? `, not ${ns}` : ''}.`);
  return children(root).map((list, i) => {
    if (nameOf(list) !== 'inventory-list') throw new InventoryXmlError(`<inventory> may only hold <inventory-list> elements; element ${i + 1} is <${nameOf(list)}>.`);
    return readList(list, i + 1);
  });
}

function readList(node: Node, position: number): XmlList {
  const parts = children(node);
  const header = parts[0];
  if (!header || nameOf(header) !== 'header') throw new InventoryXmlError(`<inventory-list> ${position} must start with its <header>.`);
  if (parts.length > 2 || (parts[1] && nameOf(parts[1]) !== 'records')) throw new InventoryXmlError(`<inventory-list> ${position} may hold only <header> and then <records>.`);
  const attrs = attributes(header, `<header> of <inventory-list> ${position}`);
  const listId = attrs['list-id'];
  if (listId === undefined || listId.length === 0 || listId.length > 256 || !ID.test(listId)) {
    throw new InventoryXmlError(`<header> of <inventory-list> ${position}: list-id "${listId ?? ''}" must be 1 to 256 characters without surrounding whitespace.`);
  }
  const mode = attrs.mode;
  if (mode !== undefined && mode !== 'delete') throw new InventoryXmlError(`<header list-id="${listId}">: mode may only be "delete", not "${mode}".`);
  const fields = ordered(header, HEADER_ORDER, `<header list-id="${listId}">`);
  if (fields['default-instock'] === undefined) throw new InventoryXmlError(`<header list-id="${listId}">: <default-instock> is required.`);
  const list: XmlList = { listId, deleted: mode === 'delete', defaultInStock: bool(fields['default-instock'], 'default-instock', listId), records: [] };
  if (fields.description !== undefined) {
    if (fields.description.length > 4000) throw new InventoryXmlError(`<header list-id="${listId}">: <description> is longer than 4000 characters.`);
    list.description = fields.description;
  }
  if (fields['use-bundle-inventory-only'] !== undefined) list.useBundleInventoryOnly = bool(fields['use-bundle-inventory-only'], 'use-bundle-inventory-only', listId);
  if (fields['on-order'] !== undefined) list.onOrder = bool(fields['on-order'], 'on-order', listId);
  if (parts[1]) list.records = children(parts[1]).map((r, i) => readRecord(r, listId, i + 1));
  return list;
}

function readRecord(node: Node, listId: string, position: number): XmlRecord {
  if (nameOf(node) !== 'record') throw new InventoryXmlError(`<records> of list ${listId} may only hold <record> elements; element ${position} is <${nameOf(node)}>.`);
  const attrs = attributes(node, `<record> ${position} in list ${listId}`);
  const productId = attrs['product-id'];
  const where = `<record product-id="${productId ?? ''}"> in list ${listId}`;
  if (productId === undefined || productId.length === 0 || productId.length > 100 || !ID.test(productId)) {
    throw new InventoryXmlError(`${where}: product-id must be 1 to 100 characters without surrounding whitespace.`);
  }
  if (attrs.mode !== undefined && attrs.mode !== 'delete') throw new InventoryXmlError(`${where}: mode may only be "delete", not "${attrs.mode}".`);
  const f = ordered(node, RECORD_ORDER, where);
  const record: XmlRecord = { productId, deleted: attrs.mode === 'delete', readOnly: ['ats', 'on-order', 'turnover'].filter((e) => f[e] !== undefined) };
  if (f.allocation !== undefined) record.allocation = decimal(f.allocation, 'allocation', where, true);
  if (f['allocation-timestamp'] !== undefined) record.allocationTimestamp = dateTime(f['allocation-timestamp'], 'allocation-timestamp', where);
  if (f.perpetual !== undefined) record.perpetual = bool(f.perpetual, 'perpetual', where);
  const handling = f['preorder-backorder-handling'];
  if (handling !== undefined) {
    if (handling !== 'none' && handling !== 'preorder' && handling !== 'backorder') {
      throw new InventoryXmlError(`${where}: <preorder-backorder-handling> must be none, preorder or backorder, not "${handling}".`);
    }
    record.handling = handling;
  }
  if (f['preorder-backorder-allocation'] !== undefined) record.preorderBackorderAllocation = decimal(f['preorder-backorder-allocation'], 'preorder-backorder-allocation', where, true);
  if (f['in-stock-datetime'] !== undefined) record.inStockDate = dateTime(f['in-stock-datetime'], 'in-stock-datetime', where);
  else if (f['in-stock-date'] !== undefined) {
    const date = isoDate(f['in-stock-date']);
    if (!date) throw new InventoryXmlError(`${where}: <in-stock-date> must be an xsd:date such as 2026-04-15, not "${f['in-stock-date']}".`);
    record.inStockDate = date;
  }
  return record;
}

/** The element's children as name → text, refusing unknown elements, repeats and a wrong order. */
function ordered(node: Node, order: readonly string[], where: string): Record<string, string> {
  const out = dictionary<string>();
  let last = -1;
  for (const child of children(node)) {
    const name = nameOf(child);
    const at = order.indexOf(name);
    if (at < 0) throw new InventoryXmlError(`${where}: unknown element <${name}>; allowed, in this order: ${order.join(', ')}.`);
    if (at <= last) throw new InventoryXmlError(`${where}: <${name}> is out of order (or repeated); the order is ${order.join(', ')}.`);
    last = at;
    out[name] = name === 'custom-attributes' ? '' : textOf(child, `${where}: <${name}>`);
  }
  return out;
}

function children(node: Node): Node[] {
  const value = node[nameOf(node)];
  return Array.isArray(value) ? (value as Node[]).filter((c) => nameOf(c) !== '#text') : [];
}

function nameOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}

/** The element's text: its text nodes decoded, its CDATA sections as they are. */
function textOf(node: Node, where: string): string {
  const value = node[nameOf(node)];
  if (!Array.isArray(value)) return '';
  return (value as Node[])
    .map((c) => (Array.isArray(c['#cdata']) ? (c['#cdata'] as Node[]).map((t) => String(t['#text'] ?? '')).join('') : decodeText(String(c['#text'] ?? ''), where)))
    .join('')
    .trim();
}

function attributes(node: Node, where: string): Record<string, string> {
  const out = dictionary<string>();
  for (const [name, raw] of Object.entries(node[':@'] ?? {})) out[name] = decodeText(String(raw), `${where}: attribute ${name}`);
  return out;
}

function bool(text: string, element: string, where: string): boolean {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new InventoryXmlError(`${where}: <${element}> must be true or false, not "${text}".`);
}

function decimal(text: string, element: string, where: string, nonNegative: boolean): number {
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) throw new InventoryXmlError(`${where}: <${element}> must be a decimal number, not "${text}".`);
  if (nonNegative && n < 0) throw new InventoryXmlError(`${where}: <${element}> must not be negative (${text}).`);
  return n;
}

function dateTime(text: string, element: string, where: string): string {
  const iso = isoDateTime(text);
  if (!iso) throw new InventoryXmlError(`${where}: <${element}> must be an xsd:dateTime such as 2026-03-01T05:30:00Z (a real date and time), not "${text.slice(0, 64)}".`);
  return iso;
}
