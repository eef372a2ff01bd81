import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Products talk through services, never through each other's state: a product may import another's types and pure
// helpers, but not what reaches into its namespaces (namespace names, repositories, state shapes).

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PRODUCTS = ['account-manager', 'b2c', 'oci', 'salesforce-org'];
const FORBIDDEN = /\b\w*(?:NAMESPACE|[Nn]amespace|Repository|State)\b/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** `file: imported names from path` for every import of another product that names its state. */
export function stateImports(): string[] {
  const out: string[] = [];
  for (const product of PRODUCTS) {
    for (const file of files(join(ROOT, 'emulator', product))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
        const target = relative(join(ROOT, 'emulator'), resolve(dirname(file), m[2]!));
        const other = PRODUCTS.find((p) => p !== product && target.startsWith(`${p}/`));
        const names = m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, ''));
        if (other && names.some((n) => FORBIDDEN.test(n))) out.push(`${relative(ROOT, file)}: ${names.join(', ')} from ${target}`);
      }
    }
  }
  return out;
}

describe('product boundaries', () => {
  it('no product imports what reaches into another product’s namespaces', () => {
    expect(stateImports()).toEqual([]);
  });
});
