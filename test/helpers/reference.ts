import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Reference material the project never copies in: Salesforce's published specs and the public OCI Postman
// collection, in a folder beside the checkout (`../shared`, or OCI_EMULATOR_REFERENCE). Tests that need it skip
// when it is absent. The run says so once (test/helpers/reference-notice.ts), not once per test file.

export const SHARED = process.env.OCI_EMULATOR_REFERENCE
  ? resolve(process.env.OCI_EMULATOR_REFERENCE)
  : resolve(fileURLToPath(new URL('../../../shared', import.meta.url)));
export const SPECS = resolve(SHARED, 'specs');
export const POSTMAN = resolve(SHARED, 'clients/oci-postman');

/** The folders whose absence the run announces, each with the tests it turns off. */
export const REFERENCE_FOLDERS = [
  { path: SPECS, skipped: 'the spec-validation tests' },
  { path: POSTMAN, skipped: 'the Postman collection tests' },
] as const;

const warned = new Set<string>();

/**
 * Whether a reference file is there. A missing folder was announced once for the run; a file missing from a folder
 * that is there is a surprise worth a line (once per test process).
 */
export function referenceAvailable(path: string): boolean {
  if (existsSync(path)) return true;
  const folder = REFERENCE_FOLDERS.find((f) => path.startsWith(f.path));
  if ((!folder || existsSync(folder.path)) && !warned.has(path)) {
    warned.add(path);
    console.warn(`[reference] ${path} is absent: the tests that need it are skipped`);
  }
  return false;
}
