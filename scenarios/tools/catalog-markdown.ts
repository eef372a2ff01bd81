import { CAUSES } from '../../emulator/oversell/causes.js';
import { CATALOG } from '../catalog/index.js';
import { EXPECTED_SEED } from '../kit/scenario.js';

// The catalog as docs/scenarios.md shows it, made from the scenarios themselves so the page cannot drift from
// them (test/readme/scenarios-docs.test.ts compares): `npx tsx scenarios/tools/catalog-markdown.ts` prints it.

export function catalogMarkdown(): string {
  return CATALOG.map((s) => {
    const runs = s.runs.map((r) => {
      const e = s.expected.find((x) => x.run === r.name);
      const oversold = Object.entries(e?.oversold ?? {}).filter(([, n]) => (n ?? 0) > 0) as [keyof typeof CAUSES, number][];
      const found = oversold.length === 0 ? 'nothing oversold' : oversold.map(([c, n]) => `${n} × ${CAUSES[c].label}`).join(', ');
      return `- \`${r.name}\` — ${r.title} (fixture \`${r.fixture}\`${r.enforcement ? `, ${r.enforcement}` : ''}): ${found}${e?.verdict ? `; sequence ${e.verdict}` : ''}`;
    });
    return [`### \`${s.name}\`: ${s.title}`, '', s.lesson, '', `Runs, and what seed ${EXPECTED_SEED} finds:`, '', ...runs].join('\n');
  }).join('\n\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(catalogMarkdown());
