import { Command, Option } from 'commander';
import type { Emulator } from './index.js';
import type { LogLevel } from './core/log.js';
import { FIXTURE_NAMES, type FixtureName } from '../fixtures/index.js';
import { VERSION } from './version.js';
import { banner, fixtureConflict, type FixtureOptions } from './cli/banner.js';
import { registerCheckSequenceCommand } from './cli/check-sequence-command.js';
import { registerFixturesCommand } from './cli/fixtures-command.js';
import { registerImportCommand } from './cli/import-command.js';
import { registerVerifyPactsCommand } from './cli/verify-pacts-command.js';
import { registerScenarioCommand } from './cli/scenario-command.js';
import { integer } from './cli/options.js';

// `oci-emulator`: the command line over createEmulator, plus client-side tools (import, fixtures). The emulator
// itself loads only for `start`: the tools talk HTTP and should not pay its start-up time.

const program = new Command('oci-emulator')
  .description('Local emulator of Salesforce Omnichannel Inventory, Account Manager and B2C Commerce')
  .version(VERSION);

program
  .command('start')
  .description('Run the emulator until interrupted')
  .addOption(new Option('--port <port>', 'port to listen on').default(process.env.PORT ?? '8787').argParser(integer('port', 0, 65535)))
  .option('--host <host>', 'interface to bind; anything but loopback needs --admin-token', '127.0.0.1')
  .option('--data <file>', 'JSON data file that keeps state across restarts', '.emulator/state.json')
  .option('--memory', 'keep state in memory only (no data file)')
  .option('--durable', 'acknowledge a change only once it is on disk')
  .addOption(new Option('--flush-delay <ms>', 'longest a change waits before it is written').default(100).argParser(integer('flush-delay', 0, 60_000)))
  .addOption(new Option('--fixtures <name>', 'world to build when the data file holds none (a data file keeps its world)').choices([...FIXTURE_NAMES]).default('demo'))
  .addOption(new Option('--skus <n>', 'SKUs per location in the generated world').argParser(integer('skus', 1, 1_000_000)))
  .addOption(new Option('--locations <n>', 'locations in the generated world').argParser(integer('locations', 1, 1_000)))
  .addOption(new Option('--clock <mode>', 'real: wall clock plus offset; frozen: moves only when told').choices(['real', 'frozen']).default('real'))
  .option('--clock-start <instant>', 'ISO 8601 instant the clock starts at')
  .addOption(new Option('--seed <n>', 'seed for ids and generated data').default(1).argParser(integer('seed', 0, 4_294_967_295)))
  .addOption(new Option('--profile <profile>', 'timing of background work').choices(['fast', 'realistic']).default('fast'))
  .addOption(new Option('--enforcement <mode>', 'strict refuses a step out of the documented order; lenient lets it happen and records it').choices(['strict', 'lenient']).default('strict'))
  .addOption(new Option('--admin-token <token>', 'token the control plane requires').env('OCI_EMULATOR_ADMIN_TOKEN'))
  .addOption(new Option('--log-level <level>', 'console output').choices(['silent', 'error', 'warn', 'info', 'debug']).default('info'))
  .action(async (opts: StartOptions, command: Command) => {
    const typed = (name: string) => command.getOptionValueSource(name) === 'cli';
    await start(opts, { fixtures: typed('fixtures'), seed: typed('seed'), skus: typed('skus'), locations: typed('locations') });
  });

interface StartOptions {
  port: number;
  host: string;
  data: string;
  memory?: boolean;
  durable?: boolean;
  flushDelay: number;
  fixtures: FixtureName;
  skus?: number;
  locations?: number;
  clock: 'real' | 'frozen';
  clockStart?: string;
  seed: number;
  profile: 'fast' | 'realistic';
  enforcement: 'strict' | 'lenient';
  adminToken?: string;
  logLevel: LogLevel;
}

registerImportCommand(program);
registerFixturesCommand(program);
registerCheckSequenceCommand(program);
registerVerifyPactsCommand(program);
registerScenarioCommand(program);

async function start(opts: StartOptions, typed: FixtureOptions['typed']): Promise<void> {
  const [{ createEmulator }, { StoreLockedError }, { createLogger }] = await Promise.all([import('./index.js'), import('./core/store/backend.js'), import('./core/log.js')]);
  const logger = createLogger(opts.logLevel);
  let emulator: Emulator;
  try {
    emulator = await createEmulator({
      store: opts.memory ? 'memory' : { file: opts.data, durable: opts.durable, flushDelayMs: opts.flushDelay },
      clock: { mode: opts.clock, start: opts.clockStart },
      seed: opts.seed,
      fixtures: opts.skus || opts.locations ? { name: opts.fixtures, skus: opts.skus, locations: opts.locations } : opts.fixtures,
      profile: opts.profile,
      enforcement: opts.enforcement,
      adminToken: opts.adminToken,
      logger,
    });
  } catch (error) {
    fail(error instanceof StoreLockedError ? error.message : `Could not start: ${(error as Error).message}`);
  }
  const fixtureOptions: FixtureOptions = { fixtures: opts.fixtures, seed: opts.seed, skus: opts.skus, locations: opts.locations, typed };
  const conflict = fixtureConflict(emulator, fixtureOptions, opts.data);
  if (conflict) {
    await emulator.close();
    fail(conflict);
  }
  try {
    await emulator.listen(opts.port, opts.host);
  } catch (error) {
    await emulator.close();
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'EADDRINUSE' ? `Port ${opts.port} on ${opts.host} is already in use; pick another with --port` : (error as Error).message);
  }
  const world = emulator.world();
  process.stdout.write(banner(emulator, { ...fixtureOptions, durable: opts.durable }, world));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(130);
    }
    stopping = true;
    logger.info(`${signal}: writing state and stopping…`);
    await emulator.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function fail(message: string): never {
  process.stderr.write(`oci-emulator: ${message}\n`);
  process.exit(1);
}

await program.parseAsync(process.argv);
