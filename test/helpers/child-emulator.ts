import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The emulator as users run it (the CLI in a process of its own), for tests that must kill it: a crash is only a
// crash when the process dies where it stands. Every child started through a `ChildEmulators` is tracked, so an
// `afterAll(children.killAll)` leaves none behind even when a test failed half-way.

const BIN = fileURLToPath(new URL('../../bin/oci-emulator.js', import.meta.url));
const START_TIMEOUT_MS = 45_000;

export interface ChildEmulator {
  url: string;
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL; resolves once it is gone, with the moment (performance.now()) the signal was sent. */
  kill(): Promise<number>;
  /** SIGTERM: the CLI writes its state and exits. Resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface ChildEmulators {
  /** `start --port 0 --log-level warn` plus `args`; resolves once the banner names the URL. */
  start(args: readonly string[]): Promise<ChildEmulator>;
  /** Kills every child still running. */
  killAll(): Promise<void>;
}

export function childEmulators(): ChildEmulators {
  const running = new Set<ChildProcess>();
  return {
    async start(args) {
      const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => {
          running.delete(child);
          resolve(code);
        }),
      );
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner after ${START_TIMEOUT_MS} ms: ${out}`)), START_TIMEOUT_MS);
        const look = () => {
          const match = /listening\s+(http:\/\/\S+)/.exec(out);
          if (!match) return;
          clearTimeout(timer);
          child.stdout!.off('data', look);
          resolve(match[1]!);
        };
        child.stdout!.on('data', look);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`the emulator exited with ${code} before listening: ${out}`));
        });
      });
      return {
        url,
        pid: child.pid!,
        output: () => out,
        kill: async () => {
          const at = performance.now();
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
          return at;
        },
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      };
    },
    async killAll() {
      const gone = [...running].map((child) => new Promise((resolve) => child.once('exit', resolve)));
      for (const child of running) child.kill('SIGKILL');
      await Promise.all(gone);
    },
  };
}
