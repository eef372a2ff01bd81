import { stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { IMPORT_FILE_LIMITS, writeImportFile, type ImportFileSpec } from '../../fixtures/import-file.js';
import { DEMO } from '../../fixtures/well-known.js';
import { formatBytes, formatCount } from './progress.js';
import { integer } from './options.js';

// `oci-emulator fixtures import-file`: an availability import file of any size from the seeded generator, whose
// SKUs and locations are those of `oci-emulator start --skus N --locations M` (demo world), so it imports cleanly.

interface ImportFileOptions {
  skus: number;
  locations?: number;
  layout: NonNullable<ImportFileSpec['layout']>;
  seed: number;
  skuPrefix: string;
  gzip?: boolean;
  out: string;
}

export function registerFixturesCommand(program: Command): void {
  const fixtures = program.command('fixtures').description('Generate fixture files');
  fixtures
    .command('import-file')
    .description('Write an availability import file (NDJSON) matching a world of that size')
    .addOption(new Option('--skus <n>', 'SKUs (each at every location)').argParser(integer('skus', 1, IMPORT_FILE_LIMITS.skus)).makeOptionMandatory())
    .addOption(new Option('--locations <m>', `locations of a world started with --locations m (default: the demo world's ${DEMO.locations.length})`).argParser(integer('locations', 1, IMPORT_FILE_LIMITS.locations)))
    .addOption(new Option('--layout <layout>', 'high-performance: locationId on every line; legacy: a header line per location').choices(['high-performance', 'legacy']).default('high-performance'))
    .addOption(new Option('--seed <n>', 'seed of the values and recordIds; a file is not applied twice within 24 h, so use a new seed for a fresh import').default(1).argParser(integer('seed', 0, 4_294_967_295)))
    .option('--sku-prefix <prefix>', 'SKU id prefix (SKU in the demo world; a generated world draws its own)', 'SKU')
    .option('--gzip', 'gzip the file (default: when --out ends with .gz)')
    .requiredOption('--out <path>', 'file to write')
    .action(async (opts: ImportFileOptions) => {
      process.exitCode = await writeFixtureFile(opts);
    });
}

async function writeFixtureFile(opts: ImportFileOptions): Promise<number> {
  const locations = opts.locations ?? DEMO.locations.length;
  if (opts.skus * locations > IMPORT_FILE_LIMITS.records) {
    process.stderr.write(`oci-emulator fixtures: ${formatCount(opts.skus * locations)} records is over the limit of ${formatCount(IMPORT_FILE_LIMITS.records)}\n`);
    return 1;
  }
  const gzip = opts.gzip ?? /\.gz$/i.test(opts.out);
  try {
    const written = await writeImportFile(opts.out, { skus: opts.skus, locations: opts.locations, layout: opts.layout, seed: opts.seed, skuPrefix: opts.skuPrefix, gzip });
    const onDisk = (await stat(opts.out)).size;
    const size = `${formatCount(onDisk)} bytes (${formatBytes(onDisk)})${gzip ? ` gzip, ${formatCount(written.bytes)} bytes inflated` : ''}`;
    const world = `oci-emulator start --skus ${opts.skus}${opts.locations !== undefined ? ` --locations ${opts.locations}` : ''}`;
    process.stdout.write(`wrote ${opts.out}: ${formatCount(written.records)} records, ${size}, ${opts.layout} layout, seed ${opts.seed}\n`);
    if (opts.skuPrefix === 'SKU') process.stdout.write(`matches the world of: ${world}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`oci-emulator fixtures: cannot write ${opts.out}: ${(error as Error).message}\n`);
    return 1;
  }
}
