import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { BusyMeter } from './load.js';
import { sleep } from './json-client.js';

// A server in a Node process of its own, which prints `listening http://…` once it accepts connections. Suites
// that measure memory, a restart or persistence need one: its peak RSS and CPU time are its own, a restart is a
// real one, and the bench process's own heap and timers stay out of its measurements.

export interface ChildServer {
  url: string;
  pid: number;
  /** performance.now() just before the spawn. */
  spawnedAt: number;
  /** Milliseconds from spawn until the process said it was listening. */
  listeningAfterMs: number;
  /** Peak resident memory so far, in bytes (Linux: VmHWM), or undefined where the platform does not say. */
  peakRss(): number | undefined;
  /** The process's CPU time (all its threads: GC, workers), in µs, for `busy µs/req`; undefined off Linux. */
  cpuMicros(): number | undefined;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, and resolves on exit (a CLI emulator writes its state first). */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  env?: NodeJS.ProcessEnv;
}

export async function spawnServer(args: readonly string[], options: SpawnOptions = {}): Promise<ChildServer> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
  child.stdin!.end(options.input ?? '');
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening\s+(http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`child exited (${signal ?? code}) before listening: ${stderr.trim()}`)));
  });
  const listeningAfterMs = performance.now() - spawnedAt;
  child.stdout!.resume();
  return {
    url,
    pid: child.pid!,
    spawnedAt,
    listeningAfterMs,
    peakRss: () => procStatus(child, /VmHWM:\s+(\d+)\s+kB/, 1024),
    cpuMicros: () => cpuMicros(child),
    stderr: () => stderr,
    stop: () => stopChild(child),
  };
}

/** Busy time of a child server: the CPU time its process used while the load ran. */
export function childCpu(child: ChildServer): BusyMeter {
  return () => {
    const before = child.cpuMicros();
    return () => {
      const after = child.cpuMicros();
      return before === undefined || after === undefined ? 0 : after - before;
    };
  };
}

const IDLE_SAMPLE_MS = 250;
const IDLE_MAX_MS = 60_000;

/**
 * Waits until the child used under a quarter of a core over a quarter second (or a minute passed): a server
 * that is still saving, or still working through requests a timed-out load left queued, would skew what comes
 * next. Not lower: a child under --cpu-prof spends ~10 % of a core sampling while it idles.
 */
export async function waitIdle(server: ChildServer): Promise<void> {
  const started = performance.now();
  let before = server.cpuMicros();
  while (before !== undefined && performance.now() - started < IDLE_MAX_MS) {
    await sleep(IDLE_SAMPLE_MS);
    const now = server.cpuMicros();
    if (now === undefined || now - before <= IDLE_SAMPLE_MS * 1000 * 0.25) return;
    before = now;
  }
}

function procStatus(child: ChildProcess, pattern: RegExp, unit: number): number | undefined {
  try {
    const match = pattern.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return match ? Number(match[1]) * unit : undefined;
  } catch {
    return undefined;
  }
}

let clockTicks: number | undefined;

function cpuMicros(child: ChildProcess): number | undefined {
  try {
    // /proc/<pid>/stat: the name in parentheses may hold spaces, so count fields after its closing bracket;
    // utime and stime are fields 14 and 15, in clock ticks.
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicks;
  } catch {
    return undefined;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
