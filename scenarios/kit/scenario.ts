import type { OversellCause } from '../report/model.js';
import type { Story } from './story.js';

// How a scenario is declared: its name and lesson (shown by `scenario list` and at the top of its report), one or
// more runs of its story (two runs are shown side by side: without and with the mitigation), and what it expects
// the accounting to find, cause by cause, which its test asserts and its report states.

export interface ScenarioRun {
  name: string;
  title: string;
  /** The world the run starts from (`fresh`: nothing of the guide done; `demo`: trust established, lists paired). */
  fixture: 'fresh' | 'demo';
  enforcement?: 'strict' | 'lenient';
  story(s: Story): Promise<void>;
}

/** The seed the expected units are exact for (the CLI's default and the tests'); other seeds check the causes. */
export const EXPECTED_SEED = 7;

export interface RunExpectation {
  run: string;
  /**
   * Oversold units by cause with seed EXPECTED_SEED, exactly (a cause not named must have none); with another seed
   * the same causes must have units and no other.
   */
  oversold: Partial<Record<OversellCause, number>>;
  verdict?: 'followed' | 'incomplete' | 'not-followed';
}

export interface Scenario {
  name: string;
  title: string;
  /** One paragraph: what goes wrong and the lesson. */
  lesson: string;
  runs: ScenarioRun[];
  expected: RunExpectation[];
}

export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}
