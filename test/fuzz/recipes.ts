import { DEMO } from '../../fixtures/index.js';
import type { Rng } from '../../emulator/core/rng.js';
import type { Recipe } from './cases.js';
import { hostileXml, inventoryXml } from './files.js';

// Inputs that only reach their parser after a setup step: an impex upload needs the link an initiate answered
// with; a B2C inventory XML file is only parsed when a job runs over the folder it was put in. A recipe sends
// the setup with valid requests and binds the case's parameters from the answers; the hostile part is the
// uploaded NDJSON (the case's own body) or the XML file the setup put.

const TG = encodeURIComponent(DEMO.salesforce.tenantGroupId);
const DAV = '/on/demandware.servlet/webdav/Sites/Impex';
const BM = '/on/demandware.store/Sites-Site/default';

const REDOS = ['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '(.*a){25}x'];
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

export const RECIPES: Recipe[] = [
  {
    // Initiate an import, then the case posts its (hostile) NDJSON to the link.
    target: /^POST .*\/imports\/uploadlink\/:uploadLinkId$/,
    before: (rng, group, creds) => [
      {
        method: 'POST',
        path: group.template.path.replace(':organizationId', TG).replace(/\/uploadlink\/:uploadLinkId$/, ''),
        headers: { authorization: creds.am!, 'content-type': 'application/json' },
        body: json({ fileName: `fuzz-${rng.hex(6)}.ndjson`, ...(rng.next() < 0.2 ? { fileEncoding: 'GZIP' } : {}) }),
      },
    ],
    bind: ([initiate]): Record<string, string> => {
      const link = parse(initiate)?.uploadLink;
      return typeof link === 'string' ? { organizationId: TG, uploadLinkId: link.split('/').pop()! } : { organizationId: TG };
    },
  },
  {
    // Put an inventory XML file (hostile), define an import job over its folder, then the case runs the job.
    target: /^POST \/s\/-\/dw\/data\/:version\/jobs\/:jobId\/executions$/,
    before: (rng: Rng, _group, creds) => {
      // Now and then a file name and a FileNamePattern that backtrack for ever: a pattern from a user must not
      // be able to stop the emulator.
      const redos = rng.next() < 0.05;
      const xml = rng.next() < 0.15 ? inventoryXml() : hostileXml(rng, inventoryXml(rng.pick(['US-ONLINE', 'STORE-BOS', '__proto__']), rng.pick(['SKU-0001', 'constructor'])));
      // A folder of its own: the job reads only this case's file.
      const folder = `fuzz/${rng.hex(8)}`;
      const parameters = { WorkingFolder: folder, FileNamePattern: redos ? rng.pick(REDOS) : '.*\\.xml$', ImportMode: rng.pick(['Merge', 'Replace', 'Update', 'Delete']) };
      return [
        { method: 'PUT', path: `${DAV}/src/${folder}/${redos ? 'a'.repeat(36) : 'inventory'}.xml`, headers: { authorization: creds.am!, 'content-type': 'application/xml' }, body: Buffer.from(xml) },
        { method: 'POST', path: `${BM}/Jobs-Save`, headers: { authorization: creds.am!, 'content-type': 'application/json' }, body: json({ id: 'fuzz-import', steps: [{ type: 'ImportInventoryLists', parameters }] }) },
      ];
    },
    bind: () => ({ version: 'v25_6', jobId: 'fuzz-import' }),
  },
];

function parse(body: Buffer | undefined): Record<string, unknown> | undefined {
  try {
    return body ? (JSON.parse(body.toString()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
