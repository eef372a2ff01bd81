import { Command, Option } from 'commander';
import { integer } from './options.js';
import { formatDuration, progressMode, startMeter, type Meter } from './progress.js';

// `oci-emulator scenario list | run <name>`: the trainers' catalog (scenarios/). A run drives an in-process
// emulator by default, or a running one with --url (its world is replaced by the scenario's fixture, so a trainer
// can watch it live through the control plane), prints the story as it goes with a progress bar, and writes
// <name>.json and <name>.html into --report. Exit codes:
//   0  the run found what the scenario expects     1  it did not
//   2  bad input (unknown scenario, bad URL)         3  the emulator could not be reached

export const SCENARIO_EXIT = { ok: 0, unexpected: 1, badInput: 2, unreachable: 3 } as const;

interface RunOptions {
  seed: number;
  report: string;
  url?: string;
  adminToken?: string;
  progress: boolean;
}

export function registerScenarioCommand(program: Command): void {
  const scenario = program.command('scenario').description('The trainers’ overselling scenarios: list them, or run one and write its report');
  scenario
    .command('list')
    .description('List the scenarios with what goes wrong in each and the lesson')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { CATALOG } = await import('../../scenarios/catalog/index.js');
      const rows = CATALOG.map((s) => ({ name: s.name, title: s.title, runs: s.runs.map((r) => r.name), lesson: s.lesson }));
      if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(rows.map((r) => `${r.name}\n  ${r.title}${r.runs.length > 1 ? ` (${r.runs.join(' vs ')})` : ''}\n${wrap(r.lesson, 2, 100)}\n`).join('\n'));
    });
  scenario
    .command('run <name>')
    .description('Run a scenario and write its JSON and HTML report')
    .addOption(new Option('--seed <n>', 'seed of the story’s randomness (the same seed gives the same report)').default(7).argParser(integer('seed', 0, 4_294_967_295)))
    .option('--report <dir>', 'folder the report files are written to', 'scenario-reports')
    .option('--url <url>', 'drive a running emulator instead of an in-process one (its world is replaced)')
    .addOption(new Option('--admin-token <token>', 'the emulator’s control-plane token, when it has one').env('OCI_EMULATOR_ADMIN_TOKEN'))
    .option('--no-progress', 'no progress bar, only the story’s lines')
    .action(async (name: string, opts: RunOptions) => {
      process.exitCode = await runScenarioCommand(name, opts, (t) => process.stdout.write(t), (t) => process.stderr.write(t));
    });
}

export async function runScenarioCommand(name: string, opts: RunOptions, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const [{ scenarioNamed, CATALOG }, { runScenario }, { ScenarioHttpError }] = await Promise.all([
    import('../../scenarios/catalog/index.js'),
    import('../../scenarios/kit/runner.js'),
    import('../../scenarios/kit/http.js'),
  ]);
  const scenario = scenarioNamed(name);
  if (!scenario) {
    err(`oci-emulator scenario run: no scenario '${name}'; the catalog has: ${CATALOG.map((s) => s.name).join(', ')}\n`);
    return SCENARIO_EXIT.badInput;
  }
  if (opts.url !== undefined && !/^https?:\/\/[^/]+/.test(opts.url)) {
    err(`oci-emulator scenario run: --url must be the emulator's http(s) base URL, got ${JSON.stringify(opts.url)}\n`);
    return SCENARIO_EXIT.badInput;
  }
  out(`${scenario.title} (seed ${opts.seed})\n${wrap(scenario.lesson, 2, 100)}\n\n`);
  const mode = progressMode(process.stderr, opts.progress);
  let meter: Meter | undefined;
  let meterRun = '';
  const started = Date.now();
  try {
    const result = await runScenario(scenario, {
      seed: opts.seed,
      reportDir: opts.report,
      ...(opts.url ? { url: opts.url } : {}),
      ...(opts.adminToken ? { adminToken: opts.adminToken } : {}),
      // A bar redrawn on the terminal shares it with the story: clear its line before each line of the story.
      print: (line) => {
        if (meter && mode === 'bar') process.stderr.write('\r\x1b[K');
        out(`${line}\n`);
      },
      progress: (run, done, total) => {
        if (!opts.progress) return;
        if (run !== meterRun) {
          meter?.stop();
          meterRun = run;
          meter = startMeter({ label: run.slice(0, 10), total, describe: (r) => `${r.value}/${r.total ?? '?'} steps` }, { mode });
        }
        meter!.update(done, total);
      },
    });
    meter?.stop();
    out(`\n${result.report.runs.map((r) => `${r.title}: ${r.oversell.oversoldUnits} units oversold in ${r.oversell.oversoldOrders} of ${r.oversell.orders} orders${r.oversell.byCause.length ? ` (${r.oversell.byCause.map((c) => `${c.label}: ${c.units}`).join(', ')})` : ''}; sequence ${r.sequence.verdict}`).join('\n')}\n`);
    for (const e of result.report.expectations) out(`${e.held ? '✓' : '✗'} ${e.text}\n`);
    out(`Report: ${result.files!.html} (and .json), in ${formatDuration(Date.now() - started)}\n`);
    return result.report.expectations.every((e) => e.held) ? SCENARIO_EXIT.ok : SCENARIO_EXIT.unexpected;
  } catch (error) {
    meter?.stop();
    const cause = (error as Error).cause as { code?: string } | undefined;
    if (opts.url && (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || (error instanceof TypeError && /fetch failed/.test(error.message)))) {
      err(`oci-emulator scenario run: cannot reach ${opts.url}\n`);
      return SCENARIO_EXIT.unreachable;
    }
    if (error instanceof ScenarioHttpError && (error.answer.status === 401 || error.answer.status === 403) && error.path.startsWith('/__emulator')) {
      err(`oci-emulator scenario run: the emulator's control plane refused the call (${error.answer.status}): give its --admin-token\n`);
      return SCENARIO_EXIT.badInput;
    }
    throw error;
  }
}

function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width - indent) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${' '.repeat(indent)}${l}`).join('\n');
}
