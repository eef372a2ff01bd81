// Knobs shared by every suite, read from the environment so `npm run bench` needs no flags.

export interface BenchConfig {
  durationSec: number;
  /** Emulator and baseline are measured this many times, alternating; each figure is the median of its rounds. */
  rounds: number;
  warmupSec: number;
  connections: number;
  /** Whether BENCH_CONNECTIONS was given: it then also overrides a suite's own connection count. */
  connectionsFromEnv: boolean;
}

export function benchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return {
    durationSec: positive(env, 'BENCH_DURATION', 10),
    rounds: positive(env, 'BENCH_ROUNDS', 3),
    warmupSec: positive(env, 'BENCH_WARMUP', 2, true),
    connections: positive(env, 'BENCH_CONNECTIONS', 32),
    connectionsFromEnv: (env.BENCH_CONNECTIONS ?? '') !== '',
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, zeroOk = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !zeroOk)) {
    throw new Error(`${name} must be a ${zeroOk ? 'non-negative' : 'positive'} whole number, not ${JSON.stringify(raw)}`);
  }
  return value;
}
