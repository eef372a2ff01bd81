import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

// Salesforce's own specs live in ../shared/specs, outside the project and never copied into it. Tests that use
// them skip, with a notice, when the folder is absent (a fresh clone elsewhere still passes).

export const SHARED = resolve(fileURLToPath(new URL('../../../shared', import.meta.url)));
export const SPECS = resolve(SHARED, 'specs');

export function specsAvailable(relative = ''): boolean {
  const present = existsSync(resolve(SPECS, relative));
  if (!present) console.warn(`[specs] ${resolve(SPECS, relative)} is absent: spec-validation tests are skipped`);
  return present;
}

// ajv-formats is CommonJS with a default export; under NodeNext its default is the module object.
const addFormats = (formatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

const ajvs = new Map<string, Ajv>();

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
