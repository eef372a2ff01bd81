import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The emulator as users run it: the CLI in its own process with a data file. Suites that measure memory, or a
// restart, need a process of its own: its peak RSS is its own, and a restart is a real one.

const BIN = fileURLToPath(new URL('../../bin/oci-emulator.js', import.meta.url));

export interface ChildEmulator {
  url: string;
  pid: number;
  /** Milliseconds from spawn until the banner said it was listening. */
  listeningAfterMs: number;
  /** Peak resident memory so far, in bytes (Linux: VmHWM), or undefined where the platform does not say. */
  peakRss(): number | undefined;
  /** SIGTERM: the CLI writes its state and exits. Resolves on exit. */
  stop(): Promise<void>;
}

export async function startChildEmulator(args: readonly string[]): Promise<ChildEmulator> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening\s+(http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code} before listening: ${stderr.trim()}`)));
  });
  const listeningAfterMs = performance.now() - started;
  child.stdout!.resume();
  return {
    url,
    pid: child.pid!,
    listeningAfterMs,
    peakRss: () => peakRssOf(child),
    stop: () => stopChild(child),
  };
}

function peakRssOf(child: ChildProcess): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
