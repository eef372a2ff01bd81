import type { Emulator } from '../index.js';
import { VERSION } from '../version.js';
import { recordedFixture, WORLD_NAMESPACE, type WorldInfo } from '../world/model.js';
import type { WorldDocument } from '../world/views.js';

// What `oci-emulator start` says when it is up, and the one question a restart raises: a data file that already
// holds a world keeps it, whatever --fixtures says, so the banner names the world that won, and a --fixtures the
// user typed that names another world is refused before anything is served.

/** The fixture options as given, and whether each was typed (not a default). */
export interface FixtureOptions {
  fixtures: string;
  seed: number;
  skus?: number;
  locations?: number;
  typed: { fixtures: boolean; seed: boolean; skus: boolean; locations: boolean };
}

type Recorded = NonNullable<ReturnType<typeof recordedFixture>>;

export function describeFixture(f: { name: string; seed: number; skus?: number; locations?: number }): string {
  const size = [f.skus === undefined ? '' : `${f.skus} SKUs`, f.locations === undefined ? '' : `${f.locations} locations`].filter(Boolean).join(', ');
  return `fixtures "${f.name}" (seed ${f.seed}${size ? `, ${size}` : ''})`;
}

/**
 * Why a restart on this data file cannot give what the command line asked for, or undefined when it can: the
 * data file's world was built from other fixtures than the ones typed. Defaults never conflict, so `npm start`
 * restarts whatever world the file holds.
 */
export function fixtureConflict(emulator: Emulator, opts: FixtureOptions, dataFile: string): string | undefined {
  if (!emulator.restored) return undefined;
  const recorded = recordedFixture(emulator.store.get<WorldInfo>(WORLD_NAMESPACE));
  if (!recorded) return undefined;
  const differs =
    (opts.typed.fixtures && opts.fixtures !== recorded.name) ||
    (opts.typed.seed && opts.seed !== recorded.seed) ||
    (opts.typed.skus && opts.skus !== recorded.skus) ||
    (opts.typed.locations && opts.locations !== recorded.locations);
  if (!differs) return undefined;
  const body = { name: opts.fixtures, seed: opts.seed, ...(opts.skus ? { skus: opts.skus } : {}), ...(opts.locations ? { locations: opts.locations } : {}) };
  const asked = describeFixture({ name: opts.fixtures, seed: opts.seed, skus: opts.skus, locations: opts.locations });
  return [
    `${dataFile} already holds a world, built from ${describeFixture(recorded)}; a data file keeps its world, so ${asked} would not be loaded.`,
    `  For a throw-away world add --memory; for a second world pass another --data file;`,
    `  to replace this one, start without --fixtures and POST /__emulator/fixtures ${JSON.stringify(body)}.`,
  ].join('\n');
}

function stateLine(emulator: Emulator, requested: string, recorded: Recorded | undefined): string {
  if (!emulator.restored) return `new world from ${requested}`;
  if (recorded) return `restored from the data file: the world built from ${describeFixture(recorded)} (the data file wins over --fixtures)`;
  return `restored from the data file (the data file wins over --fixtures; ${requested} not loaded)`;
}

export function banner(emulator: Emulator, opts: FixtureOptions & { durable?: boolean }, world: WorldDocument): string {
  const url = emulator.url!;
  const recorded = recordedFixture(emulator.store.get<WorldInfo>(WORLD_NAMESPACE));
  const requested = describeFixture({ name: opts.fixtures, seed: opts.seed, skus: opts.skus, locations: opts.locations });
  const lines = [
    '',
    `  oci-b2c-emulator ${VERSION}`,
    `  listening   ${url}`,
    `  data        ${emulator.store.backend.location ?? 'memory (nothing is kept)'}${opts.durable ? ' (durable)' : ''}`,
    `  state       ${stateLine(emulator, requested, recorded)}`,
    `  clock       ${emulator.clock.mode} at ${emulator.clock.iso()}`,
    `  control     ${url}/__emulator/health${emulator.options.adminToken ? ' (admin token required)' : ''}`,
    `  world       ${url}/__emulator/world`,
  ];
  for (const tg of world.tenantGroups) lines.push(`  tenant group ${tg.id} (OCI, org ${tg.orgId})`);
  for (const inst of world.b2cInstances) lines.push(`  B2C instance ${inst.id} short code ${inst.shortCode}, BM ${inst.bmHost}`);
  if (world.credentials.length > 0) {
    lines.push('', '  Development credentials (well-known values, not secrets):');
    for (const c of world.credentials) {
      lines.push(`    ${c.purpose}`, `      client id ${c.clientId}`, `      secret    ${c.clientSecret}`, `      scope     ${c.scope}`);
    }
    lines.push('', '  Get a token:', `    ${world.credentials[0]!.curl}`);
  }
  return `${lines.join('\n')}\n\n`;
}
