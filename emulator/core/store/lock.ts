import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreLockedError } from './backend.js';
import { describeIdentity, describeProcess, identityOf, sameProcess, type ProcessIdentity } from './process-identity.js';

// One process owns a data file. The lock file says which: pid, host, and the identity of that process (its start
// time and command line, see process-identity.ts), because a pid outlives its process — once it ends, the number
// goes to the next process that starts. A lock whose process no longer runs, or whose pid now names another
// process, is stale and taken over; the caller is told so it can log it. A live owner is named in the refusal.

interface LockOwner {
  pid: number;
  host: string;
  /** When the lock was taken (wall clock, for people). */
  startedAt: string;
  /** Absent in lock files written before identities were recorded. */
  process?: ProcessIdentity;
}

/** Why a stale lock was taken over, in words for the log. */
export interface LockTakeover {
  reason: 'owner-gone' | 'pid-reused' | 'unreadable';
  message: string;
}

/** Lock files this process holds: a second store in the same process is refused too. */
const heldHere = new Set<string>();

export class FileLock {
  readonly path: string;
  #held = false;

  constructor(path: string) {
    this.path = path;
  }

  /**
   * Takes the lock, or throws StoreLockedError naming the live process that holds it. When it had to take over a
   * stale lock, says why: the caller logs it (the lock has no logger of its own).
   */
  acquire(dataFile: string): LockTakeover | undefined {
    if (heldHere.has(this.path)) {
      throw new StoreLockedError(`The data file ${dataFile} is already open in this process (pid ${process.pid}); close that emulator first.`);
    }
    let takeover: LockTakeover | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.#create()) {
        this.#held = true;
        heldHere.add(this.path);
        return takeover;
      }
      const owner = readOwner(this.path);
      // Gone between our attempt and the read (its owner released it): just try again.
      if (owner === 'missing') continue;
      takeover = this.#judge(dataFile, owner);
      rmSync(this.path, { force: true });
    }
    throw new StoreLockedError(`Could not lock ${dataFile}: ${this.path} keeps reappearing; another emulator may be starting on it.`);
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    heldHere.delete(this.path);
    const owner = readOwner(this.path);
    if (owner === undefined || (owner !== 'missing' && owner.pid === process.pid)) rmSync(this.path, { force: true });
  }

  /** Writes the lock whole under a temporary name and links it into place: no reader ever sees it half written. */
  #create(): boolean {
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), process: identityOf(process.pid) };
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(owner));
    try {
      linkSync(temp, this.path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return false;
    } finally {
      rmSync(temp, { force: true });
    }
  }

  /** A lock file found in place: throws when its owner may still be using the data file, else says why it is stale. */
  #judge(dataFile: string, owner: LockOwner | undefined): LockTakeover {
    const file = this.path;
    if (!owner) {
      return { reason: 'unreadable', message: `Took over the lock on ${dataFile}: ${file} could not be read (left half-written by a crash?).` };
    }
    const recorded = describeProcess(owner.pid, owner.process);
    if (owner.host !== hostname()) {
      throw new StoreLockedError(
        `The data file ${dataFile} is locked by ${recorded} on host ${owner.host}, since ${owner.startedAt}. ` +
          `If that process is gone, delete ${file} and start again.`,
      );
    }
    if (owner.pid === process.pid) {
      // Not held by this process (checked above): an earlier process had the same pid.
      return { reason: 'pid-reused', message: `Took over the lock on ${dataFile}: it names this process's pid ${owner.pid}, left by an earlier process.` };
    }
    if (!isAlive(owner.pid)) {
      return { reason: 'owner-gone', message: `Took over the lock on ${dataFile}: its owner, ${recorded}, no longer runs.` };
    }
    const live = identityOf(owner.pid);
    if (owner.process && live && !sameProcess(owner.process, live)) {
      return {
        reason: 'pid-reused',
        message:
          `Took over the lock on ${dataFile}: pid ${owner.pid} now belongs to another process (${describeIdentity(live)}), ` +
          `not to the emulator that locked it (${describeIdentity(owner.process)}).`,
      };
    }
    const holder = describeProcess(owner.pid, live ?? owner.process);
    throw new StoreLockedError(
      `The data file ${dataFile} is in use by another emulator: ${holder}, holding it since ${owner.startedAt}. ` +
        `Stop that process, or start this one with a different --data file. ` +
        `If that process is not an emulator, delete ${file} and start again.`,
    );
  }
}

/** The lock file's owner; undefined when the file cannot be read as one. */
function readOwner(path: string): LockOwner | 'missing' | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : undefined;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    const valid = typeof owner === 'object' && owner !== null && Number.isSafeInteger(owner.pid) && owner.pid > 0 && typeof owner.host === 'string';
    return valid ? owner : undefined;
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
