import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/architecture.md maps the code: every folder of emulator/ appears in its layout block (by its name, under
// its parent), and the block names no folder that is gone.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [join(dir, e.name), ...folders(join(dir, e.name))]);
}

/** The folders the layout block names, as paths: `name/` lines, nested by their indentation. */
export function documentedFolders(markdown: string): string[] {
  const block = /## Layout[\s\S]*?```\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
  const stack: { indent: number; path: string }[] = [];
  const out: string[] = [];
  for (const line of block.split('\n')) {
    const m = /^(\s*)([\w.-]+)\/(?:\s|$)/.exec(line);
    if (!m) continue;
    const indent = m[1]!.length;
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    const path = [...stack.map((s) => s.path.split('/').at(-1)), m[2]].join('/');
    stack.push({ indent, path });
    out.push(path);
  }
  return out;
}

describe('docs/architecture.md', () => {
  it('names every folder of emulator/, and none that is gone', () => {
    const actual = folders(join(ROOT, 'emulator')).map((f) => relative(ROOT, f)).sort();
    const documented = documentedFolders(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8')).filter((p) => p.startsWith('emulator/')).sort();
    expect(documented).toEqual(actual);
  });
});
