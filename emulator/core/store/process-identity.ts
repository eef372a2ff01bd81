import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Which process a pid names right now. A pid alone says little: once its process ends the number is handed to
// the next process that starts, so a lock file naming a live pid may name a stranger. A process is the same one
// when its start time is (on Linux the start in clock ticks since boot from /proc/<pid>/stat, field 22, and
// the boot's id, which a restart changes; elsewhere the start `ps` reports, to the second).

export interface ProcessIdentity {
  /** When the process started, in the platform's own terms: compared for equality, never parsed. */
  start: string;
  /** The boot the start time counts from (Linux only). */
  boot?: string;
  /** Its command line, for people to read (not compared: a process may exec another program). */
  command: string;
  /** When it started, as a wall-clock ISO time, for people to read (approximate). */
  startedAt?: string;
}

/** Linux reports process times in USER_HZ ticks, 100 per second on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** The identity of a running process, or undefined when the platform will not tell (or it does not run). */
export function identityOf(pid: number): ProcessIdentity | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return process.platform === 'linux' ? fromProc(pid) : fromPs(pid);
}

export function sameProcess(recorded: ProcessIdentity, live: ProcessIdentity): boolean {
  return recorded.start === live.start && (recorded.boot === undefined || live.boot === undefined || recorded.boot === live.boot);
}

/** `pid 12 (node bin/oci-emulator.js start, started 2026-03-02T09:00:00Z)`, as much as is known. */
export function describeProcess(pid: number, identity: ProcessIdentity | undefined): string {
  return identity ? `pid ${pid} (${describeIdentity(identity)})` : `pid ${pid}`;
}

export function describeIdentity(identity: ProcessIdentity): string {
  return `${identity.command || 'command unknown'}${identity.startedAt ? `, started ${identity.startedAt}` : ''}`;
}

function fromProc(pid: number): ProcessIdentity | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 is the command name in parentheses, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[22 - 3];
    if (!start || !/^\d+$/.test(start)) return undefined;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { start, boot: bootId(), command: shorten(command), startedAt: wallClockOf(Number(start)) };
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Start ticks count from boot on the same clock as /proc/uptime: now minus the time since the start. */
function wallClockOf(ticks: number): string | undefined {
  try {
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    if (!Number.isFinite(uptime)) return undefined;
    return new Date(Date.now() - (uptime - ticks / TICKS_PER_SECOND) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  } catch {
    return undefined;
  }
}

/** macOS and the BSDs: `ps` knows the start (to the second) and the command. Windows has neither: undefined. */
function fromPs(pid: number): ProcessIdentity | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
    // lstart is a fixed 24 characters: "Mon Mar  2 09:00:00 2026".
    const line = out.split('\n').find((l) => l.trim().length > 0);
    if (!line || line.length < 24) return undefined;
    const start = line.slice(0, 24).trim();
    const parsed = Date.parse(start);
    return { start, command: shorten(line.slice(24).trim()), startedAt: Number.isNaN(parsed) ? start : new Date(parsed).toISOString() };
  } catch {
    return undefined;
  }
}

function shorten(command: string): string {
  return command.length > 300 ? `${command.slice(0, 300)}…` : command;
}
