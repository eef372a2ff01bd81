import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_NAMESPACE } from '../../emulator/core/clock-keeper.js';
import type { ClockState } from '../../emulator/core/clock.js';
import { createLogger } from '../../emulator/core/log.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import { plainNamespaceFile } from '../helpers/disk.js';

// The clock outlives a restart on the same data file: it carries on from where it was and never goes back, also
// when the wall clock is now earlier than what it showed. Resets, fixture loads and snapshot restores keep it.

const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const dirs: string[] = [];
const open: Emulator[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const e of open.splice(0)) await e.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function dataFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clock-keeper-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

async function start(file: string, options: EmulatorOptions = {}): Promise<Emulator> {
  const e = await createEmulator({ store: { file }, fixtures: 'empty', clock: { mode: 'frozen', start: T0 }, ...options });
  open.push(e);
  return e;
}

async function stop(e: Emulator): Promise<void> {
  open.splice(open.indexOf(e), 1);
  await e.close();
}

describe('the clock across a restart', () => {
  it('frozen: carries on from the instant it was advanced to, not from the configured start', async () => {
    const file = await dataFile();
    const first = await start(file);
    await first.clock.advance(5 * HOUR);
    const shown = first.clock.now();
    await stop(first);
    const second = await start(file);
    expect(second.clock.now()).toBe(shown);
    expect(second.clock.now()).toBe(T0 + 5 * HOUR);
  });

  it('real: keeps its offset, so time went on while it was stopped', async () => {
    const file = await dataFile();
    const first = await start(file, { clock: { mode: 'real', start: T0 } });
    await first.clock.advance(24 * HOUR);
    const shown = first.clock.now();
    await stop(first);
    const second = await start(file, { clock: 'real' });
    expect(second.clock.now()).toBeGreaterThanOrEqual(shown);
    expect(second.clock.now() - shown).toBeLessThan(5000);
  });

  it('real: never earlier than what it showed, even when the wall clock is now an hour behind', async () => {
    const file = await dataFile();
    const first = await start(file, { clock: { mode: 'real', start: T0 } });
    for (let i = 0; i < 3; i++) first.clock.now();
    const shown = first.clock.now();
    await stop(first);
    const wall = Date.now() - HOUR;
    vi.spyOn(Date, 'now').mockImplementation(() => wall);
    const second = await start(file, { clock: 'real' });
    const now = second.clock.now();
    expect(now).toBeGreaterThanOrEqual(shown);
    // It carries on from the last instant it may have shown (a lease of at most a second ahead), not from the wall.
    expect(now - shown).toBeLessThanOrEqual(1000);
  });

  it('a later explicit start moves it forward; an earlier one does not move it back', async () => {
    const file = await dataFile();
    const first = await start(file);
    await first.clock.advance(HOUR);
    await stop(first);
    const earlier = await start(file, { clock: { mode: 'frozen', start: T0 - 24 * HOUR } });
    expect(earlier.clock.now()).toBe(T0 + HOUR);
    await stop(earlier);
    const later = await start(file, { clock: { mode: 'frozen', start: T0 + 48 * HOUR } });
    expect(later.clock.now()).toBe(T0 + 48 * HOUR);
  });

  it('the mode is the one started with; the instant carries on', async () => {
    const file = await dataFile();
    const first = await start(file);
    await first.clock.advance(HOUR);
    await stop(first);
    const real = await start(file, { clock: 'real' });
    expect(real.clock.mode).toBe('real');
    expect(real.clock.now() - (T0 + HOUR)).toBeGreaterThanOrEqual(0);
    expect(real.clock.now() - (T0 + HOUR)).toBeLessThan(5000);
  });

  it('an unreadable stored clock is reported and the clock starts as configured', async () => {
    const file = await dataFile();
    const first = await start(file);
    await first.clock.advance(HOUR);
    await stop(first);
    const path = plainNamespaceFile(file, CLOCK_NAMESPACE);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ mode: 'frozen', frozenAt: T0 + HOUR });
    await writeFile(path, JSON.stringify({ mode: 'sideways', frozenAt: 1e308 }));
    const lines: string[] = [];
    const second = await start(file, { logger: createLogger('warn', (l) => lines.push(l)) });
    expect(second.clock.now()).toBe(T0);
    expect(lines.join('\n')).toMatch(/stored clock \(namespace clock\) is not readable/);
  });

  it('a data file that holds only the clock is not a world to restore: the fixtures are loaded', async () => {
    const file = await dataFile();
    const first = await start(file, { fixtures: false });
    await first.clock.advance(HOUR);
    await stop(first);
    // As an emulator that had written nothing but its clock would leave it.
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { namespaces: Record<string, unknown> };
    await writeFile(file, JSON.stringify({ ...manifest, namespaces: { [CLOCK_NAMESPACE]: manifest.namespaces[CLOCK_NAMESPACE] } }));
    const second = await start(file, { fixtures: 'demo' });
    expect(second.restored).toBe(false);
    expect(second.store.namespaces()).toContain('account-manager');
    expect(second.clock.now()).toBe(T0 + HOUR);
  });
});

describe('the clock through resets, fixture loads and snapshot restores', () => {
  const stored = (e: Emulator) => e.store.get<ClockState>(CLOCK_NAMESPACE);

  it('keeps its time and its stored copy; only a restore with {"clock": true} takes it back, and a restart then carries on from there', async () => {
    const file = await dataFile();
    const e = await start(file, { fixtures: 'demo' });
    const snapshot = await e.control.saveSnapshot('start');
    await e.clock.advance(2 * HOUR);
    const later = T0 + 2 * HOUR;

    e.control.resetAll();
    expect(e.clock.now()).toBe(later);
    expect(stored(e)).toMatchObject({ frozenAt: later, shownUntil: later });

    e.control.loadFixtures({ name: 'empty', seed: 1 });
    expect(stored(e)).toMatchObject({ frozenAt: later });

    await e.control.restoreSnapshot('start', false);
    expect(e.clock.now()).toBe(later);
    expect(stored(e)).toMatchObject({ frozenAt: later, shownUntil: later });

    await e.control.restoreSnapshot('start', true);
    expect(e.clock.iso()).toBe(snapshot.clockAt);
    expect(stored(e)).toMatchObject({ frozenAt: T0, shownUntil: T0 });
    await stop(e);
    const again = await start(file);
    expect(again.clock.now()).toBe(T0);
  });
});
