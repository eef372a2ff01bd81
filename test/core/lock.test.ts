import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../emulator/core/store/backend.js';
import { FileLock } from '../../emulator/core/store/lock.js';
import { identityOf } from '../../emulator/core/store/process-identity.js';

// The data file's lock against what a pid can turn out to be: gone, reused by an unrelated process, or a live
// emulator. Only the last refuses, naming the process and how to clear a lock that is not an emulator's.

const linux = process.platform === 'linux';
const dirs: string[] = [];
const children: ChildProcess[] = [];
let sleeper: ChildProcess;

function dataFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oci-emu-lock-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

function writeLock(file: string, owner: Record<string, unknown>): void {
  writeFileSync(`${file}.lock`, JSON.stringify({ host: hostname(), startedAt: '2026-03-02T09:00:00.000Z', ...owner }));
}

const held: FileLock[] = [];
function lockOf(file: string): FileLock {
  const lock = new FileLock(`${file}.lock`);
  held.push(lock);
  return lock;
}

beforeAll(() => {
  sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(sleeper);
});
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
});
afterAll(() => {
  for (const child of children) child.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a lock left by a process that is no longer that emulator is taken over, and the caller told why', () => {
  it.runIf(linux)('its pid now names an unrelated live process (a reused pid)', () => {
    const file = dataFile();
    const wrote = { start: '1', boot: identityOf(process.pid)?.boot, command: 'node bin/oci-emulator.js start --data state.json' };
    writeLock(file, { pid: sleeper.pid, process: wrote });
    const takeover = lockOf(file).acquire(file);
    expect(takeover?.reason).toBe('pid-reused');
    expect(takeover?.message).toContain(`pid ${sleeper.pid} now belongs to another process`);
    expect(takeover?.message).toContain('sleep 30');
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, process: { start: identityOf(process.pid)!.start } });
  });

  it('its process no longer runs', () => {
    const file = dataFile();
    writeLock(file, { pid: 2 ** 22 + 12345 });
    expect(lockOf(file).acquire(file)).toMatchObject({ reason: 'owner-gone', message: expect.stringContaining('no longer runs') });
  });

  it('it names this very pid, from an earlier process', () => {
    const file = dataFile();
    writeLock(file, { pid: process.pid, process: { start: '0', command: 'an earlier run' } });
    expect(lockOf(file).acquire(file)?.reason).toBe('pid-reused');
  });

  it('it cannot be read', () => {
    const file = dataFile();
    writeFileSync(`${file}.lock`, '{"pid": 12');
    expect(lockOf(file).acquire(file)?.reason).toBe('unreadable');
  });

  it('a free data file is taken with nothing to report, and released on close', () => {
    const file = dataFile();
    const lock = lockOf(file);
    expect(lock.acquire(file)).toBeUndefined();
    lock.release();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe('a lock a live emulator may hold is refused, naming the process', () => {
  it('another emulator process holds it: pid, command line, start time, and what to do', async () => {
    const file = dataFile();
    const script = fileURLToPath(new URL('./fixtures/hold-lock.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
    });
    const attempt = () => lockOf(file).acquire(file);
    expect(attempt).toThrow(StoreLockedError);
    expect(attempt).toThrow(`is in use by another emulator: pid ${child.pid}`);
    expect(attempt).toThrow(`If that process is not an emulator, delete ${file}.lock and start again.`);
    if (linux) {
      expect(attempt).toThrow('hold-lock.ts');
      expect(attempt).toThrow(/started \d{4}-\d\d-\d\dT/);
    }
    child.stdin!.end();
    await new Promise((resolve) => child.once('exit', resolve));
    expect(lockOf(file).acquire(file)).toBeUndefined();
  });

  it('a lock from before identities were recorded, naming a live process: refused, since it cannot be told apart', () => {
    const file = dataFile();
    writeLock(file, { pid: sleeper.pid });
    const attempt = () => lockOf(file).acquire(file);
    expect(attempt).toThrow(`in use by another emulator: pid ${sleeper.pid}`);
    if (linux) expect(attempt).toThrow('sleep 30');
    expect(attempt).toThrow(`If that process is not an emulator, delete ${file}.lock`);
  });

  it('the same data file opened twice in one process', () => {
    const file = dataFile();
    lockOf(file).acquire(file);
    expect(() => new FileLock(`${file}.lock`).acquire(file)).toThrow(`already open in this process (pid ${process.pid})`);
  });

  it('a lock from another host: refused, with the way out', () => {
    const file = dataFile();
    writeLock(file, { pid: 4242, host: 'elsewhere.example' });
    expect(() => lockOf(file).acquire(file)).toThrow(`locked by pid 4242 on host elsewhere.example`);
    expect(() => lockOf(file).acquire(file)).toThrow(`delete ${file}.lock`);
  });
});
