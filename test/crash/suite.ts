import { afterAll, describe, expect, it } from 'vitest';
import { childEmulators } from '../helpers/child-emulator.js';
import { tempFolders } from '../helpers/temp.js';
import { CrashChain, type KillReport } from './chain.js';
import { crashKills, crashSeed, describeTrigger, type Mode } from './rules.js';

// The crash suite (see chain.ts): one chain per persistence mode, run side by side (each kill of one beside the
// same kill of the other: a restart is mostly one core's work, and the run has two), a test per kill. The seed is
// printed; CRASH_SEED=<n> replays its plan (the moments relative to the workload and to the import phases; the
// timing of requests around them still varies run to run). CRASH_KILLS=<n> runs longer chains.

export function crashSuite(kills: Record<Mode, number>): void {
  const seed = crashSeed();
  const replay = `replay with CRASH_SEED=${seed}`;
  const children = childEmulators();
  const temp = tempFolders('oci-emu-crash');
  const chains = (['durable', 'default'] as const).map((mode, i) => new CrashChain(mode, seed + i, crashKills(kills[mode]), temp.file(), children));
  const broken = new Map<CrashChain, string>();
  const longest = Math.max(...chains.map((c) => c.plan.length));
  const name = (c: CrashChain) => (c.mode === 'durable' ? '--durable' : 'default');
  let startedAt = 0;

  afterAll(async () => {
    await children.killAll();
    temp.cleanup();
  });

  describe(`crash: SIGKILL during writes and imports, then a restart on the same data (seed ${seed})`, () => {
    it('starts a new world per mode, with stock to reserve', async () => {
      console.log(`[crash] seed ${seed}: ${chains.map((c) => `${c.plan.length} kills ${name(c)}`).join(', ')} (${replay})`);
      startedAt = performance.now();
      await Promise.all(chains.map((c) => c.begin()));
    });

    for (let k = 0; k < longest; k++) {
      const running = chains.filter((c) => k < c.plan.length);
      const title = running.map((c) => `${name(c)} ${describeTrigger(c.plan[k]!)}`).join('; ');
      it(`kill ${k + 1}: ${title}`, async (ctx) => {
        const live = running.filter((c) => !broken.has(c));
        if (live.length === 0) ctx.skip();
        const outcomes = await Promise.allSettled(live.map((c) => c.kill(k)));
        const problems: string[] = [];
        outcomes.forEach((outcome, i) => {
          const chain = live[i]!;
          const found = outcome.status === 'fulfilled' ? outcome.value.problems : [`the chain failed: ${(outcome.reason as Error).stack}`];
          if (found.length > 0) broken.set(chain, `kill ${k + 1}`);
          problems.push(...found.map((p) => `${name(chain)}: ${p}`));
        });
        const skipped = [...broken].filter(([c, at]) => running.includes(c) && !live.includes(c)).map(([c, at]) => `${name(c)} (broken at ${at})`);
        expect(problems, `kill ${k + 1}, ${replay}${skipped.length ? `; not run: ${skipped.join(', ')}` : ''}`).toEqual([]);
      }, 120_000);
    }

    it('stops cleanly after the last restart', async () => {
      const codes = await Promise.all(chains.map((c) => c.end()));
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
      for (const chain of chains) console.log(`[crash] ${summary(name(chain), chain.reports)}`);
      console.log(`[crash] seed ${seed}: ${chains.reduce((n, c) => n + c.reports.length, 0)} kills in ${seconds} s`);
      expect(codes).toEqual(chains.map(() => 0));
      // An import phase that never came means a kill did not land where it was planned.
      expect(chains.flatMap((c) => c.reports.filter((r) => r.fellBack).map((r) => `${name(c)} ${describeTrigger(r.trigger)}`)), replay).toEqual([]);
    });
  });
}

function summary(mode: string, reports: readonly KillReport[]): string {
  const restarts = reports.map((r) => r.restartMs).sort((a, b) => a - b);
  return (
    `${mode}: ${reports.length} kills, ${reports.reduce((n, r) => n + r.requests, 0)} requests before them; ` +
    `workload ms ${reports.map((r) => r.workloadMs).join('/')}; required to survive ${reports.map((r) => r.required).join('/')}; ` +
    `median restart ${restarts[restarts.length >> 1]} ms`
  );
}
