import { CAUSES, type OversellCause } from '../../emulator/oversell/causes.js';
import type { RunReport, ScenarioReport } from '../report/model.js';
import { EXPECTED_SEED, type Scenario } from './scenario.js';

// What the scenario expected, checked against what its runs found: a line per run for the oversold units by cause
// (exactly with the seed the numbers were taken at, the same causes with any other; a cause the scenario does not
// name must have none), and one for the sequence verdict when it names one.

export function expectationsOf(scenario: Scenario, runs: readonly RunReport[], seed: number): ScenarioReport['expectations'] {
  const exact = seed === EXPECTED_SEED;
  const out: ScenarioReport['expectations'] = [];
  for (const e of scenario.expected) {
    const run = runs.find((r) => r.name === e.run);
    const found: Partial<Record<OversellCause, number>> = {};
    for (const c of run?.oversell.byCause ?? []) found[c.cause] = c.units;
    const wanted = Object.entries(e.oversold).filter(([, n]) => n > 0) as [OversellCause, number][];
    const total = wanted.reduce((n, [, u]) => n + u, 0);
    const title = run?.title ?? e.run;
    const text =
      total === 0
        ? `${title}: nothing oversold`
        : exact
          ? `${title}: ${total} units oversold — ${wanted.map(([c, n]) => `${CAUSES[c].label}: ${n}`).join(', ')}`
          : `${title}: oversold — ${wanted.map(([c]) => CAUSES[c].label).join(', ')} (units vary with the seed)`;
    const held = run !== undefined && (exact ? sameCauses(found, Object.fromEntries(wanted)) : sameKinds(found, Object.fromEntries(wanted)));
    out.push({ text: held ? text : `${text} (found: ${describe(found)})`, held });
    if (e.verdict) {
      const verdict = run?.sequence.verdict;
      out.push({ text: `${run?.title ?? e.run}: the sequence checker's verdict is ${e.verdict}${verdict === e.verdict ? '' : ` (found: ${verdict})`}`, held: verdict === e.verdict });
    }
  }
  return out;
}

function sameCauses(a: Partial<Record<string, number>>, b: Partial<Record<string, number>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

/** The same causes have units, whatever their numbers. */
function sameKinds(a: Partial<Record<string, number>>, b: Partial<Record<string, number>>): boolean {
  const kinds = (x: Partial<Record<string, number>>) => Object.keys(x).filter((k) => (x[k] ?? 0) > 0).sort().join();
  return kinds(a) === kinds(b);
}

function describe(found: Partial<Record<string, number>>): string {
  const parts = Object.entries(found).map(([c, n]) => `${n} ${c}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing oversold';
}
