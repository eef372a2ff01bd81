import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { errorsOf, responseValidator, SPECS, specValidator } from '../../helpers/specs.js';
import { TENANT_GROUP, tokenFor } from '../../helpers/emulator.js';
import { IMPEX, type ImpexRun } from './helpers.js';

// More shared pieces for the impex golden, bad-input and lifecycle tests: the spec's path templates mapped to real
// paths, raw text downloads, export polling, a response checker against impex.openapi.json, and a raw HTTP upload
// whose Content-Length lies (supertest always recomputes it).

export const IMPEX_SPEC = 'oci-openapi/impex.openapi.json';
export const T = '/organizations/{organizationId}';
export const AVAILABILITY = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;

export type ImportSegment = 'availability-records' | 'product-segmentation';
export type ExportSegment = 'availability-records' | 'location-graph' | 'product-segmentation' | 'event-log' | 'reservations';
export const EXPORT_SEGMENTS: readonly ExportSegment[] = ['availability-records', 'location-graph', 'product-segmentation', 'event-log', 'reservations'];

/** A spec template (`/organizations/{organizationId}/…/{importId}`) as a real impex path. */
export function real(template: string, params: Record<string, string> = {}, tenantGroupId: string = TENANT_GROUP): string {
  return template
    .replace('/organizations/{organizationId}', `/inventory/impex/v1/organizations/${tenantGroupId}`)
    .replace(/\{(\w+)\}/g, (_m, k: string) => {
      const v = params[k];
      if (v === undefined) throw new Error(`no value for {${k}} in ${template}`);
      return v;
    });
}

/** A response as the checks need it: status, content type, the raw text and the parsed JSON (if any). */
export interface Answer {
  status: number;
  type: string;
  text: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

type Req = ReturnType<ImpexRun['http']['get']>;

/** Sends a supertest request and keeps the raw text whatever the content type (NDJSON, application/text…). */
export async function answer(req: Req): Promise<Answer> {
  const res = await req.buffer(true).parse((r, cb) => {
    let data = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => (data += c));
    r.on('end', () => cb(null, data));
  });
  const text = typeof res.body === 'string' ? res.body : '';
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, type: String(res.headers['content-type'] ?? '').split(';')[0]!.trim(), text, body, headers: res.headers };
}

export function ndjsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> }>>;
}

let doc: OpenApiDoc | undefined;
function spec(): OpenApiDoc {
  doc ??= JSON.parse(readFileSync(resolve(SPECS, IMPEX_SPEC), 'utf8')) as OpenApiDoc;
  return doc;
}

/** The media types the spec declares for an operation's status (empty when it declares no body). */
export function declaredTypes(method: string, template: string, status: number): string[] {
  const response = spec().paths[template]?.[method.toLowerCase()]?.responses[String(status)];
  if (!response) throw new Error(`${IMPEX_SPEC} declares no ${status} for ${method} ${template}`);
  return Object.keys(response.content ?? {});
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Asserts that an answer validates against the schema the impex spec declares for (method, template, status),
 * and (unless `mediaType: false`) that its Content-Type is one the spec declares for that status. A body the spec declares as a string (the NDJSON files) must be text whose every line is JSON; where the
 * operation declares several media types, the schema of the one the emulator sent is used.
 */
export function expectSpecValid(method: string, template: string, res: Answer, label = '', options: { mediaType?: boolean } = {}): void {
  const where = `${label} ${method.toUpperCase()} ${template} → ${res.status}: ${res.text.slice(0, 400)}`;
  const types = declaredTypes(method, template, res.status);
  if (types.length === 0) {
    expect(res.text, where).toBe('');
    return;
  }
  if (options.mediaType !== false) expect(types, `${where}\nContent-Type ${res.type}`).toContain(res.type);
  const content = spec().paths[template]![method.toLowerCase()]!.responses[String(res.status)]!.content!;
  const mediaType = types.includes(res.type) && content[res.type]?.schema ? res.type : types.find((t) => content[t]!.schema);
  if (!mediaType) return;
  const validate =
    mediaType === types.find((t) => content[t]!.schema)
      ? responseValidator(IMPEX_SPEC, method, template, res.status)!
      : specValidator(IMPEX_SPEC, `#/paths/${escape(template)}/${method.toLowerCase()}/responses/${res.status}/content/${escape(mediaType)}/schema`);
  const schema = resolved(content[mediaType]!.schema!);
  // The NDJSON files: declared as a string (or, for the availability import results, with no type at all).
  if (schema.type === 'string' || (schema.type === undefined && template.endsWith('/file-content'))) {
    expect(typeof res.text, where).toBe('string');
    expect(validate(res.text), `${where}\n${errorsOf(validate)}`).toBe(true);
    expect(() => ndjsonLines(res.text), where).not.toThrow();
    return;
  }
  expect(validate(res.body), `${where}\n${errorsOf(validate)}`).toBe(true);
}

function resolved(schema: Record<string, unknown>): Record<string, unknown> {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return (spec() as unknown as { components: { schemas: Record<string, Record<string, unknown>> } }).components.schemas[name]!;
}

/** Validates a body against one named component of the impex spec (for answers the spec forgot to declare). */
export function expectComponentValid(component: string, body: unknown, label = ''): void {
  const validate = specValidator(IMPEX_SPEC, `#/components/schemas/${component}`);
  expect(validate(body), `${label} ${JSON.stringify(body)}\n${errorsOf(validate)}`).toBe(true);
}

/** Polls an export's status until it leaves PENDING/RUNNING. */
export async function settleExport(run: ImpexRun, segment: ExportSegment, exportId: string): Promise<Record<string, unknown> & { status: string }> {
  for (let i = 0; i < 2000; i++) {
    const res = await run.http.get(`${IMPEX}/${segment}/exports/${exportId}/status`).set(run.auth());
    if (res.status !== 200) throw new Error(`export status: ${res.status} ${res.text}`);
    if (!['PENDING', 'RUNNING'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`export ${exportId} did not finish`);
}

/** A valid body to initiate each export kind in the raml-examples world. */
export const EXPORT_BODIES: Record<ExportSegment, unknown> = {
  'availability-records': { objects: { groups: ['arizona'] } },
  'location-graph': {},
  'product-segmentation': { groups: ['*'] },
  'event-log': { sku: 'sku123', startsOn: '2026-02-20T00:00:00Z' },
  reservations: { status: 'open', fromDate: '2026-01-01T00:00:00Z' },
};

export async function initiateExport(run: ImpexRun, segment: ExportSegment, body: unknown = EXPORT_BODIES[segment]): Promise<string> {
  const res = await run.http.post(`${IMPEX}/${segment}/exports`).set(run.auth()).send(body as object);
  if (res.status !== 200) throw new Error(`export ${segment}: ${res.status} ${res.text}`);
  return res.body.exportId as string;
}

/** A new token once the frozen clock has moved past the old one's 30 minutes. */
export async function refreshToken(run: ImpexRun): Promise<void> {
  run.token = await tokenFor(run.http);
}

export interface RawAnswer {
  status: number;
  body: string;
  ms: number;
}

/**
 * POSTs with a declared Content-Length that the body never reaches (node:http sends exactly what it is given):
 * resolves with the answer, or rejects after `timeoutMs` so a hanging server cannot hang the test.
 */
export function rawUpload(url: string, path: string, headers: Record<string, string>, sent: Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  const started = Date.now();
  return new Promise<RawAnswer>((resolve, reject) => {
    const target = new URL(path, url);
    const req = httpRequest({ method: 'POST', hostname: target.hostname, port: target.port, path: target.pathname, headers, agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      const done = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started });
      };
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    req.on('error', (error) => {
      // The server may close the socket once it has answered; an answer already received wins.
      clearTimeout(timer);
      reject(error);
    });
    req.write(sent);
    // The request is never ended: the declared length is never reached.
  });
}

/** One location's record of a SKU as get-availability shows it (undefined when the location does not carry it). */
export async function recordAt(run: ImpexRun, location: string, sku: string): Promise<Record<string, unknown> | undefined> {
  const res = await run.http.post(`${AVAILABILITY}/availability-records/actions/get-availability`).set(run.auth()).send({ skus: [sku], locations: [location] });
  if (res.status !== 200) throw new Error(`get-availability: ${res.status} ${res.text}`);
  const place = (res.body.locations as { id: string; records: Record<string, unknown>[] }[]).find((l) => l.id === location);
  return place?.records.find((r) => r.sku === sku);
}

/** A high-performance import file of `n` lines spread over `locations`, grouped by SKU as OCI recommends. */
export function bigImportText(n: number, locations: readonly string[], prefix: string): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const sku = `${prefix}-${Math.floor(i / locations.length)}`;
    lines.push(`{"recordId":"${prefix}-r${i}","sku":"${sku}","locationId":"${locations[i % locations.length]}","onHand":${i % 997},"safetyStockCount":0}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every (method, path template) the impex spec declares. */
export function specOperations(): { method: string; template: string }[] {
  return Object.entries(spec().paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({ method, template })),
  );
}
