import { availableParallelism, cpus } from 'node:os';
import { benchConfig } from './support/config.js';
import { formatResults } from './support/report.js';
import type { SuiteResult } from './support/types.js';
import { SUITES } from './suites/index.js';

// npm run bench [-- suite...]   (--list to see them). BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS tune runs.
// A failing suite does not stop the others, but the process exits non-zero so CI notices.

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--list') || argv.includes('--help')) {
    for (const s of SUITES) console.log(`${s.name.padEnd(12)} ${s.description}`);
    return 0;
  }
  const unknown = argv.filter((a) => !SUITES.some((s) => s.name === a));
  if (unknown.length > 0) {
    console.error(`Unknown suite(s): ${unknown.join(', ')}. Available: ${SUITES.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const selected = argv.length === 0 ? SUITES : SUITES.filter((s) => argv.includes(s.name));
  const config = benchConfig();
  console.log(
    `oci-b2c-emulator bench: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), ` +
      `${config.connections} connections${config.connectionsFromEnv ? '' : ' unless a suite sets its own'}, ${config.rounds} alternating rounds of ${config.durationSec}s per target, each after ${config.warmupSec}s warm-up; ` +
      'servers on the main thread, autocannon in a worker thread',
  );

  const results: SuiteResult[] = [];
  const failures: string[] = [];
  for (const suite of selected) {
    console.log(`\n▶ ${suite.name}: ${suite.description}`);
    try {
      const result = await suite.run();
      results.push(result);
      console.log(formatResults([result]));
    } catch (error) {
      failures.push(suite.name);
      console.error(`✖ ${suite.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  if (results.length > 0) console.log(`\n=== Results ===\n${formatResults(results)}`);
  if (failures.length > 0) console.error(`\n✖ failed suites: ${failures.join(', ')}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
