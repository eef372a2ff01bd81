import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreLockedError } from './backend.js';

// One process owns a data file. A second one is refused with a message that says who holds it; a lock left
// behind by a process that no longer runs is taken over.

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** Lock files this process holds: a second store in the same process is refused too. */
const heldHere = new Set<string>();

export class FileLock {
  readonly path: string;
  #held = false;

  constructor(path: string) {
    this.path = path;
  }

  acquire(dataFile: string): void {
    if (heldHere.has(this.path)) {
      throw new StoreLockedError(`The data file ${dataFile} is already open in this process (pid ${process.pid}); close that emulator first.`);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.path, 'wx');
        const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
        writeSync(fd, JSON.stringify(owner));
        closeSync(fd);
        this.#held = true;
        heldHere.add(this.path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(this.path);
        if (owner && owner.host === hostname() && owner.pid !== process.pid && isAlive(owner.pid)) {
          throw new StoreLockedError(
            `The data file ${dataFile} is in use by another emulator (pid ${owner.pid}, started ${owner.startedAt}). ` +
              `Stop that process, or start this one with a different --data file.`,
          );
        }
        if (owner && owner.host !== hostname()) {
          throw new StoreLockedError(
            `The data file ${dataFile} is locked by process ${owner.pid} on host ${owner.host}. ` +
              `If that process is gone, delete ${this.path} and start again.`,
          );
        }
        rmSync(this.path, { force: true });
      }
    }
    throw new StoreLockedError(`Could not lock ${dataFile}: ${this.path} keeps reappearing.`);
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    heldHere.delete(this.path);
    const owner = readOwner(this.path);
    if (!owner || owner.pid === process.pid) rmSync(this.path, { force: true });
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
