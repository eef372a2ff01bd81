import { gzipSync } from 'node:zlib';
import type { Rng } from '../../emulator/core/rng.js';
import { DEMO } from '../../fixtures/index.js';
import { deepJson, hostileKey, hostileNumber, hostileString, malformedJson, render, Obj, type Json } from './hostile.js';
import { mutateObject } from './json-mutations.js';

// Documents that are not JSON bodies: XML (the SOAP login, B2C inventory imports), NDJSON import files, and the
// multipart/form-data that carries them. Each comes valid, mutated, or hostile (entity bombs, external entities,
// deep nesting, broken framing).

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const PARTNER = 'urn:partner.soap.sforce.com';
const INVENTORY_NS = 'http://www.demandware.com/xml/impex/inventory/2007-05-31';
const USER = DEMO.salesforce.users.integration;

export function soapLogin(username: string = USER.username, password: string = USER.password + USER.securityToken): string {
  return `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="${SOAP_ENV}" xmlns:n1="${PARTNER}"><env:Body><n1:login><n1:username>${username}</n1:username><n1:password>${password}</n1:password></n1:login></env:Body></env:Envelope>`;
}

export function inventoryXml(listId = 'US-ONLINE', product = 'SKU-0001', allocation = '42'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<inventory xmlns="${INVENTORY_NS}"><inventory-list><header list-id="${listId}"><default-instock>false</default-instock></header><records><record product-id="${product}"><allocation>${allocation}</allocation><perpetual>false</perpetual></record></records></inventory-list></inventory>`;
}

/** Hostile or broken XML; `valid` is the document the route expects, for mutations of it. */
export function hostileXml(rng: Rng, valid: string): string {
  const body = valid.replace(/^<\?xml[^>]*\?>\s*/, '');
  const text = () => xmlText(hostileString(rng));
  const options: (() => string)[] = [
    // Entity expansion ("billion laughs"), external entities, parameter entities.
    () => `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>${body.replace(/>([^<>]+)</, '>&lol9;<')}`,
    () => `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${body.replace(/>([^<>]+)</, '>&xxe;<')}`,
    () => `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>${body}`,
    () => `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY big "${'x'.repeat(200_000)}">]>${body.replace(/>([^<>]+)</, '>&big;&big;&big;<')}`,
    () => `${'<a>'.repeat(rng.pick([1_000, 10_000, 50_000]))}${'</a>'.repeat(1_000)}`,
    () => body.replace(/<\/[^>]+>$/, `${'<x>'.repeat(20_000)}${'</x>'.repeat(20_000)}$&`),
    () => body.slice(0, rng.int(0, body.length)),
    () => body.replace(/>([^<>]+)</, `>${text()}<`),
    () => body.replace(/="[^"]*"/, `="${xmlText(hostileString(rng))}"`),
    () => body.replace(/="[^"]*"/, `="${'a'.repeat(1_000_000)}"`),
    () => body.replace(/<(\w[\w:-]*)/, `<$1 ${Array.from({ length: 5_000 }, (_, i) => `a${i}="1"`).join(' ')}`),
    () => body.replace(/>([^<>]+)</, '><![CDATA[]]]]><![CDATA[>]]><'),
    () => body.replace(/>([^<>]+)</, '>&#0;&#xD800;&#x110000;&unknown;<'),
    () => `<?xml version="1.0" encoding="UTF-16"?>${body}`,
    () => `<?xml-stylesheet href="file:///etc/passwd"?>${body}`,
    () => `\ufeff${valid}`,
    () => body.replace(/xmlns(:\w+)?="[^"]*"/, 'xmlns$1="urn:wrong"'),
    () => `${body}<second/>`,
    () => 'not xml at all',
    () => '',
    () => '<',
    () => `<__proto__><constructor toString="1">${body}</constructor></__proto__>`,
  ];
  return rng.pick(options)();
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** One valid availability import line (high-performance layout). */
export function importLine(n: number, sku = 'SKU-0001', location = 'WH-EAST'): Record<string, unknown> {
  return { recordId: `fuzz-${n}`, sku, locationId: location, onHand: 5, safetyStockCount: 0, effectiveDate: '2026-03-01T00:00:00Z', futures: [{ quantity: 1, expectedDate: '2026-04-01T00:00:00Z' }] };
}

/** An NDJSON import file: mostly good lines, with hostile ones mixed in. */
export function hostileNdjson(rng: Rng, segmentation: boolean): Buffer {
  const lines: string[] = [];
  const count = rng.pick([1, 2, 5, 20, 200]);
  for (let i = 0; i < count; i++) {
    const good: Record<string, unknown> = segmentation ? { groupId: 'US-ONLINE', mode: 'APPEND', skus: ['SKU-0001'] } : importLine(i, `SKU-000${1 + (i % 9)}`);
    const r = rng.next();
    if (r < 0.35) lines.push(JSON.stringify(good));
    else if (r < 0.75) lines.push(render(mutateObject(rng, good)));
    else if (r < 0.8) lines.push(JSON.stringify({ location: rng.pick(['WH-EAST', '__proto__', 'constructor', 7, null]), mode: rng.pick(['UPDATE', 'REPLACE', 'toString', 1]) }));
    else if (r < 0.85) lines.push(malformedJson(rng, JSON.stringify(good)).toString('latin1'));
    else if (r < 0.88) lines.push(deepJson(rng).slice(0, 200_000));
    else if (r < 0.92) lines.push(rng.pick(['', ' ', '\r', '\ufeff', 'null', '[]', '"x"', '1e309', '{}']));
    else lines.push(render(hostileKeyed(rng)));
  }
  const text = lines.join(rng.next() < 0.2 ? '\r\n' : '\n') + (rng.next() < 0.5 ? '\n' : '');
  const r = rng.next();
  if (r < 0.05) return gzipSync(text);
  if (r < 0.08) return Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really gzip')]);
  if (r < 0.1) return Buffer.from([0xff, 0xfe, 0x00, 0x7b]);
  return Buffer.from(text, 'utf8');
}

function hostileKeyed(rng: Rng): Json {
  return new Obj([
    ['recordId', hostileString(rng)],
    ['sku', rng.next() < 0.5 ? hostileKey(rng) : 'SKU-0002'],
    ['locationId', rng.next() < 0.6 ? hostileKey(rng) : hostileString(rng)],
    ['onHand', hostileNumber(rng)],
  ]);
}

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  content: Buffer;
}

/** multipart/form-data, well framed or not. Returns the body and the Content-Type to send with it. */
export function multipart(rng: Rng, parts: Part[], broken: boolean): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${rng.hex(16)}`;
  const head = (p: Part) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`;
  const chunks: Buffer[] = [];
  for (const p of parts) chunks.push(Buffer.from(head(p)), p.content, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  const type = `multipart/form-data; boundary=${boundary}`;
  if (!broken) return { body, contentType: type };
  const options: (() => { body: Buffer; contentType: string })[] = [
    () => ({ body, contentType: 'multipart/form-data' }),
    () => ({ body, contentType: 'multipart/form-data; boundary=' }),
    () => ({ body, contentType: `multipart/form-data; boundary=${'b'.repeat(5_000)}` }),
    () => ({ body, contentType: 'multipart/form-data; boundary=other' }),
    () => ({ body: body.subarray(0, rng.int(0, body.length)), contentType: type }),
    () => ({ body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fileUpload"; filename="a.json"\r\n\r\n{"recordId":"x"}`), contentType: type }),
    () => ({ body: Buffer.from(`--${boundary}\r\n${'X-A: b\r\n'.repeat(2_000)}\r\nx\r\n--${boundary}--\r\n`), contentType: type }),
    () => ({ body: Buffer.concat([...Array.from({ length: 70 }, (_, i) => Buffer.from(head({ name: `f${i}`, content: Buffer.alloc(0) }) + 'x\r\n')), Buffer.from(`--${boundary}--\r\n`)]), contentType: type }),
    () => ({ body: Buffer.from(`--${boundary}--\r\n`), contentType: type }),
    () => ({ body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name*=UTF-8''%zz; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd\r\n\r\nx\r\n--${boundary}--\r\n`), contentType: type }),
    () => ({ body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="__proto__"\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%\r\n--${boundary}--\r\n`), contentType: type }),
    () => ({ body, contentType: `multipart/mixed; boundary=${boundary}` }),
    () => ({ body, contentType: `multipart/form-data; boundary=${boundary}; charset=utf-16` }),
  ];
  return rng.pick(options)();
}

/** The file part names and file names clients use, and hostile ones. */
export function partName(rng: Rng): { name: string; filename?: string } {
  return rng.pick([
    { name: 'fileUpload', filename: 'availability.json' },
    { name: 'file', filename: 'import.ndjson' },
    { name: 'ImportsUploadLinkPostBody' },
    { name: '__proto__', filename: '__proto__' },
    { name: 'fileUpload', filename: '../../../../etc/passwd' },
    { name: 'fileUpload', filename: 'a\u0000b.json' },
    { name: '', filename: '' },
  ]);
}
