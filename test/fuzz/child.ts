import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FROZEN_START } from '../helpers/emulator.js';

// The emulator under fuzz runs as a child process, started by the real CLI with a data file: a crash is seen as
// the process exiting, a blocked event loop as a health check that times out, and neither takes the test runner
// down with it. Its error log (the lines the emulator writes for unexpected errors) is kept for the report.

const BIN = resolve(import.meta.dirname, '../../bin/oci-emulator.js');
export const FUZZ_ADMIN_TOKEN = 'fuzz-admin-token';

export class ChildEmulator {
  readonly url: string;
  readonly port: number;
  readonly #child: ChildProcess;
  readonly #dir: string;
  readonly #log: LogTail;
  #exit: string | undefined;

  private constructor(child: ChildProcess, dir: string, url: string, log: LogTail) {
    this.#child = child;
    this.#dir = dir;
    this.url = url;
    this.port = Number(new URL(url).port);
    this.#log = log;
    // If the fuzzer itself is stopped (a test timeout), its emulator and folder go with it.
    const orphan = () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', orphan);
    child.once('exit', (code, signal) => {
      this.#exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      process.off('exit', orphan);
    });
  }

  static async start(logLevel = process.env.FUZZ_LOG ?? 'error'): Promise<ChildEmulator> {
    const dir = mkdtempSync(join(tmpdir(), 'oci-emu-fuzz-'));
    const args = [BIN, 'start', '--port', '0', '--data', join(dir, 'state.json'), '--clock', 'frozen', '--clock-start', FROZEN_START];
    args.push('--seed', '1', '--fixtures', 'demo', '--admin-token', FUZZ_ADMIN_TOKEN, '--log-level', logLevel);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OCI_EMULATOR_ADMIN_TOKEN: '' } });
    const log = new LogTail();
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => log.write(chunk));
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        const timer = setTimeout(() => fail(new Error(`the emulator did not start within 30 s:\n${out}\n${log.since(0).join('\n')}`)), 30_000);
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const m = /listening\s+(http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            done(m[1]!);
          }
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          fail(new Error(`the emulator exited at start (code ${code}):\n${out}\n${log.since(0).join('\n')}`));
        });
      });
      child.stdout!.resume();
      return new ChildEmulator(child, dir, url, log);
    } catch (error) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Why the process is gone, or undefined while it runs. */
  get exited(): string | undefined {
    return this.#exit;
  }

  /** A position in the error log; `logSince` gives what was written after it. */
  mark(): number {
    return this.#log.end;
  }

  logSince(mark: number): string[] {
    return this.#log.since(mark);
  }

  async stop(): Promise<void> {
    if (this.#exit === undefined) {
      const gone = new Promise<void>((done) => this.#child.once('exit', () => done()));
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }

  /** Ends a process that no longer answers. */
  async kill(): Promise<void> {
    if (this.#exit === undefined) {
      const gone = new Promise<void>((done) => this.#child.once('exit', () => done()));
      this.#child.kill('SIGKILL');
      await gone;
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** The last lines of a stream, addressed by their number since the start. */
class LogTail {
  #lines: string[] = [];
  #dropped = 0;
  #pending = '';

  write(chunk: string): void {
    const lines = (this.#pending + chunk).split('\n');
    this.#pending = lines.pop()!;
    this.#lines.push(...lines);
    if (this.#lines.length > 4_000) {
      const drop = this.#lines.length - 2_000;
      this.#lines.splice(0, drop);
      this.#dropped += drop;
    }
  }

  get end(): number {
    return this.#dropped + this.#lines.length;
  }

  since(mark: number): string[] {
    return this.#lines.slice(Math.max(0, mark - this.#dropped));
  }
}
