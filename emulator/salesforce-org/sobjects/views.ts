import { SOBJECTS, type SObjectDef } from './schema.js';

// Describe results, trimmed to what clients commonly read: the object's flags and urls, and per field its name,
// type, length and whether it can be set. Enough for code generators and for humans exploring the graph.

function urls(version: number, def: SObjectDef) {
  const base = `/services/data/v${version}.0/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function summary(version: number, def: SObjectDef) {
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    retrieveable: true,
    urls: urls(version, def),
  };
}

export function describeGlobal(version: number) {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: Object.values(SOBJECTS).map((def) => summary(version, def)) };
}

export function basicInfo(version: number, def: SObjectDef) {
  return { objectDescribe: summary(version, def), recentItems: [] };
}

export function describe(version: number, def: SObjectDef) {
  return {
    ...summary(version, def),
    fields: def.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      length: f.length ?? (f.type === 'id' || f.type === 'reference' ? 18 : 0),
      nillable: !f.required && f.type !== 'boolean' && f.type !== 'id',
      createable: f.createable,
      updateable: f.updateable,
      calculated: f.compute !== undefined && f.type === 'string',
      defaultValue: f.defaultValue ?? null,
      referenceTo: f.referenceTo ? [f.referenceTo] : f.type === 'reference' ? ['User'] : [],
    })),
  };
}
