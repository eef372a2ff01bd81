import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { expect } from 'vitest';
import { referenceAvailable, SPECS } from './reference.js';

// Salesforce's own specs live beside the project (test/helpers/reference.ts), never copied into it. Tests that use
// them skip when the folder is absent; the run says so once.

export { SHARED, SPECS } from './reference.js';

export function specsAvailable(relative = ''): boolean {
  return referenceAvailable(resolve(SPECS, relative));
}

// ajv-formats is CommonJS with a default export; under NodeNext its default is the module object.
const addFormats = (formatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

const ajvs = new Map<string, Ajv>();

const ANNOTATION_FORMATS = ['localized', 'site-specific', 'text'];

export interface SpecFixups {
  /** Component schemas to treat as nullable where the spec's own examples return null but its schema forbids it. */
  nullable?: string[];
}

/** An ajv instance holding one spec document under `id`, configured as the specs README advises. */
function ajvFor(id: string, relative: string, fixups: SpecFixups): Ajv {
  let ajv = ajvs.get(id);
  if (!ajv) {
    const text = readFileSync(resolve(SPECS, relative), 'utf8');
    const doc = relative.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    for (const name of fixups.nullable ?? []) doc.components.schemas[name].nullable = true;
    ajv = new Ajv({ strict: false, allErrors: true, multipleOfPrecision: 9 });
    addFormats(ajv);
    // OCAPI's own format names describe a field's content, not a string syntax ajv could check: accept them as
    // annotations rather than let ajv print "unknown format … ignored" for each schema that uses one.
    for (const name of ANNOTATION_FORMATS) ajv.addFormat(name, true);
    ajv.addSchema(doc, id);
    ajvs.set(id, ajv);
  }
  return ajv;
}

/** A validator for a JSON pointer into a spec, e.g. `#/components/schemas/APIClientRead`. */
export function specValidator(relative: string, pointer: string, fixups: SpecFixups = {}): ValidateFunction {
  const id = `${relative}${JSON.stringify(fixups)}`.replace(/[^A-Za-z0-9]/g, '_');
  return ajvFor(id, relative, fixups).compile({ $ref: `${id}${pointer.replace(/\{/g, '%7B').replace(/\}/g, '%7D')}` });
}

export function errorsOf(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}

/**
 * `(schema, body)` expecting the body to match `#/components/schemas/<schema>` of the spec, with the spec's own
 * complaints as the failure message; nothing when the specs are absent (the run said so once).
 */
export function schemaCheck(relative: string): (schema: string, body: unknown) => void {
  return (schema, body) => {
    if (!specsAvailable(relative)) return;
    const validate = specValidator(relative, `#/components/schemas/${schema}`);
    expect(validate(body), errorsOf(validate)).toBe(true);
  };
}

/**
 * A validator for the response an OpenAPI operation declares for a status, or undefined when it declares no body.
 * `pathTemplate` is the spec's own template, e.g. `/organizations/{organizationId}/availability-records/actions/get-availability`.
 */
export function responseValidator(relative: string, method: string, pathTemplate: string, status: number): ValidateFunction | undefined {
  const doc = JSON.parse(readFileSync(resolve(SPECS, relative), 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  };
  const response = doc.paths[pathTemplate]?.[method.toLowerCase()]?.responses[String(status)];
  if (!response) throw new Error(`${relative} declares no ${status} for ${method} ${pathTemplate}`);
  const mediaType = Object.keys(response.content ?? {}).find((m) => response.content![m]!.schema);
  if (!mediaType) return undefined;
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  return specValidator(relative, `#/paths/${escape(pathTemplate)}/${method.toLowerCase()}/responses/${status}/content/${escape(mediaType)}/schema`);
}

export interface SpecExample {
  api: string;
  kind: 'request' | 'response' | 'unknown';
  method: string;
  path: string;
  status: number | null;
  name: string | null;
  bodyFormat: string;
  body: unknown;
}

export function specExamples(api: string): SpecExample[] {
  const all = JSON.parse(readFileSync(resolve(SPECS, 'oci-examples.json'), 'utf8')) as SpecExample[];
  return all.filter((e) => e.api === api);
}
