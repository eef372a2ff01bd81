import { parseArgs } from 'node:util';
import { report } from './report.js';
import { runFuzz } from './runner.js';

// `npm run fuzz -- --cases N --seed S [--families oci,b2c] [--paths /inventory/impex/] [--timeout ms]`:
// more cases than `npm test` runs, a new seed each time unless one is given. Prints the seed, and for every
// failure the request that caused it; exits 1 when any case failed. `--seed S --case 123` runs that one case
// again (on a fresh world: what earlier cases changed is not replayed).

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '20000' },
    seed: { type: 'string' },
    families: { type: 'string' },
    paths: { type: 'string' },
    timeout: { type: 'string', default: '10000' },
    'max-failures': { type: 'string', default: '200' },
    case: { type: 'string', multiple: true },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const cases = Number(values.cases);
if (!Number.isInteger(seed) || !Number.isInteger(cases) || cases < 1) {
  process.stderr.write('usage: npm run fuzz -- [--cases N] [--seed S] [--case K] [--families a,b] [--paths /prefix,…] [--timeout ms]\n');
  process.exit(2);
}
const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);
process.stdout.write(`fuzz: seed ${seed}, ${values.case ? `case ${values.case.join(",")}` : `${cases} cases`}\n`);
const result = await runFuzz({
  seed,
  cases,
  families: list(values.families ?? process.env.FUZZ_FAMILIES),
  paths: list(values.paths ?? process.env.FUZZ_PATHS),
  timeoutMs: Number(values.timeout),
  maxFailures: Number(values['max-failures']),
  only: values.case?.flatMap((c) => c.split(',')).map(Number),
  progress: (done, failures) => {
    if (done % 1000 === 0) process.stdout.write(`  ${done} cases, ${failures} failures\n`);
  },
});
process.stdout.write(`${report(result, seed)}\n`);
process.exit(result.failures.length > 0 ? 1 : 0);
