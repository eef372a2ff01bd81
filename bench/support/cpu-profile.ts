import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: each function's self time (samples
// that were in it) and total time (in it or in what it called), as shares of the busy time (idle and GC sampled
// as such by V8 are shown apart). Functions are named `name file:line`, relative to the project. A window keeps
// the samples of one phase: V8 stamps samples with the monotonic clock, the one process.hrtime reads in any
// process on Linux, so the bench can mark a phase in its own process and cut it out of a child's profile.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  wallMs: number;
  idleMs: number;
  busyMs: number;
  gcMs: number;
  functions: FunctionTime[];
}

/** A phase, in µs of the monotonic clock (`monotonicUs()`); a summary may cover several. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function summariseProfile(path: string, windows?: readonly Window[], root = process.cwd()): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time since the previous sample: the time sample i stands for is the next delta.
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (windows && !windows.some((w) => at >= w.fromUs && at < w.toUs)) continue;
    const us = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + us);
  }
  const name = (n: ProfileNode) => {
    const f = n.callFrame;
    const file = f.url.replace(/^file:\/\//, '').replace(`${root}/`, '').replace(/^.*node_modules\//, '');
    return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const fn = node.callFrame.functionName;
    if (fn === '(idle)') idle += us;
    if (fn === '(garbage collector)') gc += us;
    self.set(name(node), (self.get(name(node)) ?? 0) + us);
    // Total: once per function per stack, however deep it recurses.
    const seen = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const n = name(byId.get(up)!);
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + us);
    }
  }
  const wall = windows
    ? windows.reduce((sum, w) => sum + Math.max(0, Math.min(w.toUs, profile.endTime) - Math.max(w.fromUs, profile.startTime)), 0) / 1000
    : (profile.endTime - profile.startTime) / 1000;
  const functions = [...total.keys()].map((n) => ({ name: n, selfMs: (self.get(n) ?? 0) / 1000, totalMs: (total.get(n) ?? 0) / 1000 }));
  return { wallMs: wall, idleMs: idle / 1000, busyMs: wall - idle / 1000, gcMs: gc / 1000, functions };
}

/** The top functions by self and by total time, as text lines with their share of the busy time. */
export function formatProfile(summary: ProfileSummary, top = 25): string {
  const pct = (ms: number) => `${((100 * ms) / summary.busyMs).toFixed(1).padStart(5)} %`;
  const skip = new Set(['(root)', '(idle)', '(program)']);
  const fns = summary.functions.filter((f) => !skip.has(f.name));
  const lines = [
    `    wall ${summary.wallMs.toFixed(0)} ms, busy ${summary.busyMs.toFixed(0)} ms (GC ${summary.gcMs.toFixed(0)} ms), idle ${summary.idleMs.toFixed(0)} ms; shares are of busy time`,
    '    self time:',
    ...[...fns].sort((a, b) => b.selfMs - a.selfMs).slice(0, top).map((f) => `      ${pct(f.selfMs)} ${f.selfMs.toFixed(1).padStart(8)} ms  ${f.name}`),
    '    total time (in the function or what it called):',
    ...[...fns].sort((a, b) => b.totalMs - a.totalMs).slice(0, top).map((f) => `      ${pct(f.totalMs)} ${f.totalMs.toFixed(1).padStart(8)} ms  ${f.name}`),
  ];
  return lines.join('\n');
}

/**
 * BENCH_CPU_PROF=<dir>: the node flags that make a child write its profile into `<dir>/<name>` (emptied first),
 * sampling every 500 µs (finer sampling costs the child a third of a core even when idle, and skews what it
 * measures). Undefined when profiling was not asked for. Figures of a profiled run are not comparable.
 */
export function profileRequest(name = 'emulator'): { dir: string; nodeArgs: string[] } | undefined {
  if (!process.env.BENCH_CPU_PROF) return undefined;
  const dir = join(resolve(process.env.BENCH_CPU_PROF), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { dir, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '500'] };
}

/** For each named phase, where the child's time went (the child must have exited, writing its profile). */
export function printProfiles(dir: string, phases: readonly (readonly [string, readonly Window[]])[], top = 20): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    console.log(`  no CPU profile was written in ${dir}`);
    return;
  }
  for (const [name, windows] of phases) {
    console.log(`\n  CPU profile of the emulator, ${name} (${join(dir, file)}):`);
    console.log(formatProfile(summariseProfile(join(dir, file), windows), top));
  }
}
