import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../scenarios/catalog/index.js';
import { catalogMarkdown } from '../../scenarios/tools/catalog-markdown.js';

// The scenario catalog as the README and docs/scenarios.md show it cannot drift from the scenarios: the docs' block
// is what the catalog makes, the README's table names every scenario, and the report screenshot they show exists.

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

describe('the scenario catalog in the docs', () => {
  it('docs/scenarios.md holds the catalog as the scenarios describe themselves (scenarios/tools/catalog-markdown.ts)', () => {
    const block = /<!-- catalog:start -->\n([\s\S]*)\n<!-- catalog:end -->/.exec(read('docs/scenarios.md'))?.[1];
    expect(block).toBe(catalogMarkdown());
  });

  it('the README names every scenario in its table, in the catalog’s order', () => {
    const readme = read('README.md');
    const names = [...readme.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(names).toEqual(CATALOG.map((s) => s.name));
  });

  it('the report screenshot the README shows is there', () => {
    expect(read('README.md')).toContain('(docs/images/scenario-report.png)');
    expect(statSync(resolve(ROOT, 'docs/images/scenario-report.png')).size).toBeGreaterThan(20_000);
  });
});
