import { specsAvailable, type SpecExample } from '../../helpers/specs.js';
import { ndjson, type ImpexRun } from './helpers.js';
import { answer, IMPEX_SPEC, real, T, type Answer, type ExportSegment, type ImportSegment } from './more-helpers.js';

// What the impex golden tests share: which specs they need, the example world's places, and the calls they make.

export const have = specsAvailable(IMPEX_SPEC) && specsAvailable('oci-examples.json');

export const IMPORT_SEGMENTS: readonly ImportSegment[] = ['availability-records', 'product-segmentation'];
export const imports = (segment: string) => `${T}/${segment}/imports`;
export const exportsOf = (segment: string) => `${T}/${segment}/exports`;
export const DELETABLE = (segment: ExportSegment) => segment !== 'event-log';

/** A good file for each import kind, in the raml-examples world. */
export const GOOD_FILE: Record<ImportSegment, string> = {
  'availability-records': ndjson({ recordId: 'g-1', sku: 'gold-1', locationId: 'surprise', onHand: 4 }),
  'product-segmentation': ndjson({ groupId: 'arizona', mode: 'APPEND' }, { sku: 'sku123' }),
};

export type Example = SpecExample & { propertyPath?: string };

/** A property example (`objects.groups`) as a whole request body. */
export function wrap(propertyPath: string, value: unknown): unknown {
  return propertyPath
    .split('.')
    .reverse()
    .reduce((inner, key) => ({ [key]: inner }), value);
}

// The raml-examples world: what exists before the test publishes anything.
const KNOWN_GROUPS = new Set(['arizona', 'UnitedStates', 'Canada']);
const KNOWN_LOCATIONS = new Set(['surprise', 'wickenburg', 'warehouse5', 'toronto', 'flagstaff']);

export function missingPlaces(body: unknown): { kind: 'group' | 'location'; id: string }[] {
  const b = body as { objects?: { groups?: string[]; locations?: string[] }; groups?: string[] };
  const groups = [...(b.objects?.groups ?? []), ...(b.groups ?? [])].filter((g) => g !== '*' && !KNOWN_GROUPS.has(g));
  const locations = (b.objects?.locations ?? []).filter((l) => !KNOWN_LOCATIONS.has(l));
  return [...groups.map((id) => ({ kind: 'group' as const, id })), ...locations.map((id) => ({ kind: 'location' as const, id }))];
}

export const call = (r: ImpexRun, method: string, template: string, params: Record<string, string> = {}, body?: unknown, tenantGroupId?: string): Promise<Answer> => {
  const req = r.http[method as 'get'](real(template, params, tenantGroupId)).set(r.auth());
  return answer(body === undefined ? req : req.send(body as object));
};
export const upload = (r: ImpexRun, link: string, content: string | Buffer) =>
  answer(r.http.post(link).set(r.auth()).attach('fileUpload', Buffer.isBuffer(content) ? content : Buffer.from(content), 'file.json'));

export async function settleImport(r: ImpexRun, segment: ImportSegment, importId: string): Promise<Answer> {
  for (let i = 0; i < 2000; i++) {
    const res = await call(r, 'get', `${imports(segment)}/{importId}/status`, { importId });
    if (!['WAITING', 'PENDING', 'RUNNING'].includes((res.body as { status: string }).status)) return res;
    await new Promise((done) => setTimeout(done, 5));
  }
  throw new Error(`import ${importId} did not finish`);
}
export async function settleExportAnswer(r: ImpexRun, segment: ExportSegment, exportId: string): Promise<Answer> {
  for (let i = 0; i < 2000; i++) {
    const res = await call(r, 'get', `${exportsOf(segment)}/{exportId}/status`, { exportId });
    if (!['PENDING', 'RUNNING'].includes((res.body as { status: string }).status)) return res;
    await new Promise((done) => setTimeout(done, 5));
  }
  throw new Error(`export ${exportId} did not finish`);
}
